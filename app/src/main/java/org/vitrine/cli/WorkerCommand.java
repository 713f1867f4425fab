package org.vitrine.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vitrine.App;
import org.vitrine.config.Config;
import org.vitrine.jobs.JobWorker;
import org.vitrine.jobs.WorkerProcess;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
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
        String workerId = id == null || id.isBlank() ? JobWorker.newId() : id;
        // Only a supervised worker can restart itself: its supervisor starts the next process at once.
        app.startWorker(workerId, supervised ? WorkerCommand::exitToRestart : null);
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

    /** Exits (the shutdown hook closes the app) so the supervisor starts a fresh worker process. */
    private static void exitToRestart(String reason) {
        log.info("worker: exiting with {} so the site starts a fresh worker: {}", WorkerProcess.EXIT_TO_RESTART,
                reason);
        System.exit(WorkerProcess.EXIT_TO_RESTART);
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
}
