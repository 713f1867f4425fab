package org.vitrine.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vitrine.App;
import org.vitrine.Main;
import org.vitrine.config.Config;
import org.vitrine.jobs.JobWorker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * WorkerCommand processes photos without serving the site: as the child process that {@code vitrine serve}
 * supervises, or standalone on another machine against the same PostgreSQL database and storage.
 */
@Command(name = "worker", description = "Process photos in the background without serving the site "
        + "(e.g. on another machine sharing the PostgreSQL database and the data folder).")
public final class WorkerCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(WorkerCommand.class);

    @Option(names = "--supervised", description = "Run as the child of `vitrine serve`: a byte on standard input "
            + "wakes the worker, and it stops when standard input closes (its parent stopped or died).")
    boolean supervised;

    @Option(names = "--id", description = "Worker id, the prefix of its lease owners (default: host-pid-random).")
    String id;

    @Override
    public Integer call() throws Exception {
        Config config = Config.fromEnvironment();
        App app = App.open(config);
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            stopped.countDown();
        }, "vitrine-shutdown"));
        if (!supervised) {
            // Standalone workers may be the only ones (VITRINE_WORKERS=none on the site): they pick up what a
            // crash left unqueued, as the site does on start.
            app.requeueUnfinishedWork();
            log.info("worker: standalone on {} with originals and sizes under {} (other machines must share "
                    + "this folder, e.g. over NFS)", redacted(config.databaseUrl()), config.dataDir());
        }
        if (supervised) {
            volunteerForTheOomKiller();
        }
        app.startWorker(id == null || id.isBlank() ? JobWorker.newId() : id);
        if (supervised) {
            Thread.ofPlatform().name("worker-stdin").daemon().start(() -> followParent(app));
        }
        stopped.await();
        return 0;
    }

    /** Wakes the worker for each byte from the parent; the end of input means the parent is gone. */
    private static void followParent(App app) {
        try {
            while (System.in.read() >= 0) {
                app.wakeWorker();
            }
        } catch (IOException e) {
            log.warn("worker: lost the connection to the site process: {}", e.toString());
        }
        log.info("worker: the site process closed our input; finishing the jobs in hand and stopping");
        System.exit(0);
    }

    private static String redacted(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }

    /**
     * Asks the kernel to kill this process first should memory run out (any process may raise its own score):
     * the supervisor restarts a dead worker, while a dead web process would take the site down.
     */
    private static void volunteerForTheOomKiller() {
        try {
            java.nio.file.Files.writeString(Path.of("/proc/self/oom_score_adj"), "1000");
        } catch (java.io.IOException | RuntimeException e) {
            log.debug("worker: cannot raise oom_score_adj ({}); fine outside Linux", e.toString());
        }
    }

    /**
     * The command that starts a supervised worker: the same java binary and jar or class path as this process,
     * the configuration in the environment, and memory limits of its own. Only the child exits on
     * OutOfMemoryError, so an image that exhausts the heap ends the worker, never the site.
     */
    public static ProcessBuilder launch(Config config, String workerId) {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>(List.of(java,
                "-Xmx" + config.workerMemoryMb() + "m",
                "-XX:+UseSerialGC",
                "-XX:+ExitOnOutOfMemoryError",
                "--enable-native-access=ALL-UNNAMED"));
        String classPath = System.getProperty("java.class.path");
        if (classPath.endsWith(".jar") && !classPath.contains(File.pathSeparator)) {
            command.addAll(List.of("-jar", classPath));
        } else {
            command.addAll(List.of("-cp", classPath, Main.class.getName()));
        }
        command.addAll(List.of("worker", "--supervised", "--id", workerId));
        var builder = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().putAll(config.toEnvironment());
        // Two malloc arenas keep native memory (image decoders) from fragmenting across threads.
        builder.environment().put("MALLOC_ARENA_MAX", "2");
        return builder;
    }
}
