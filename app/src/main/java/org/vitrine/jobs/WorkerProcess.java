package org.vitrine.jobs;

import org.vitrine.config.Config;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * WorkerProcess is the command line of the supervised image worker, a child of the web process, and the exit
 * code by which such a worker asks its {@link WorkerSupervisor} for a fresh process.
 */
public final class WorkerProcess {
    /**
     * The exit code of a supervised worker that restarts itself between jobs (a thread stuck past its job's time
     * limit, memory far above its plan): EX_TEMPFAIL, "try again". Not a crash: no job is blamed.
     */
    public static final int EXIT_TO_RESTART = 75;

    private WorkerProcess() {
    }

    /**
     * The command that starts a supervised worker: the same java binary and jar or class path as this process,
     * the configuration in the environment, and memory limits of its own. Only the child exits on
     * OutOfMemoryError, so an image that exhausts the heap ends the worker, never the site.
     *
     * @param mainClass the class whose main runs the {@code vitrine} command line (when not run from a jar)
     */
    public static ProcessBuilder command(Config config, Class<?> mainClass, String workerId) {
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
            command.addAll(List.of("-cp", classPath, mainClass.getName()));
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

    /**
     * The resident memory a supervised worker is planned to stay under between jobs: its heap, the decoders'
     * budget and the JVM's own ~64 MB. Twice that is "far above": not a peak, memory that stayed.
     */
    public static long restartAboveRssBytes(Config config) {
        long planMb = config.workerMemoryMb() + (long) config.workerBudgetMb() + 64;
        return 2 * planMb * 1024 * 1024;
    }
}
