package org.vitrine.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * VitrineProcess runs the packaged {@code vitrine.jar} as a separate process, the way a user runs it, with
 * settings in its environment. Used by the integration tests (*IT), which Maven runs after packaging.
 */
public final class VitrineProcess {
    private VitrineProcess() {
    }

    /** The outcome of a finished command. */
    public record Result(int exitCode, String stdout, String stderr) {
    }

    public static Path jar() {
        Path jar = Path.of(System.getProperty("vitrine.jar", "target/vitrine.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("vitrine.jar not built: run integration tests with ./mvnw verify");
        }
        return jar;
    }

    public static ProcessBuilder builder(Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-jar");
        command.add(jar().toString());
        command.addAll(List.of(args));
        var builder = new ProcessBuilder(command);
        // Loading the place names takes seconds on each fresh database: only tests of places ask for them.
        builder.environment().put("VITRINE_PLACE_NAMES", "off");
        builder.environment().putAll(env);
        return builder;
    }

    /** Starts a long-running command (serve, worker) with its output appended to {@code log}. */
    public static Process start(Map<String, String> env, Path log, String... args) {
        try {
            return builder(env, args)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** kill -9 of a process and everything it started (the site and its worker), then waits for them. */
    public static void killTree(Process process) {
        var family = new ArrayList<ProcessHandle>();
        process.toHandle().descendants().forEach(family::add);
        family.add(process.toHandle());
        family.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle handle : family) {
            try {
                handle.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError("process " + handle.pid() + " survived kill -9", e);
            }
        }
    }

    /** Stops a process as a service manager would (SIGTERM), then makes sure its children are gone too. */
    public static void stop(Process process) {
        var children = process.toHandle().descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                killTree(process);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        children.forEach(ProcessHandle::destroyForcibly);
    }

    /** Runs a command to completion, feeding it {@code stdin}. */
    public static Result run(Map<String, String> env, String stdin, String... args) {
        try {
            Path out = Files.createTempFile("vitrine-out", ".txt");
            Path err = Files.createTempFile("vitrine-err", ".txt");
            Process process = builder(env, args)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            try (var in = process.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("vitrine " + String.join(" ", args) + " did not finish in 2 minutes");
            }
            var result = new Result(process.exitValue(), Files.readString(out), Files.readString(err));
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
