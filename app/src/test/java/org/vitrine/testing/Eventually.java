package org.vitrine.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Eventually waits, polling, for something that other processes make true, and fails after a minute. */
public final class Eventually {
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private Eventually() {
    }

    public static void until(String what, BooleanSupplier condition) {
        value(what, () -> condition.getAsBoolean() ? Optional.of(true) : Optional.empty());
    }

    /** Like {@link #until(String, BooleanSupplier)}; on time-out the failure shows the end of these logs. */
    public static void until(String what, BooleanSupplier condition, java.nio.file.Path... logs) {
        try {
            until(what, condition);
        } catch (AssertionError e) {
            StringBuilder message = new StringBuilder(e.getMessage());
            for (var log : logs) {
                message.append("\n--- ").append(log.getFileName()).append(":\n").append(tail(log));
            }
            message.append(threadDumpsOfChildProcesses());
            throw new AssertionError(message.toString(), e);
        }
    }

    /** What each process this test started is doing: for hangs that leave nothing in the logs. */
    private static String threadDumpsOfChildProcesses() {
        StringBuilder dumps = new StringBuilder();
        String jcmd = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).forEach(p -> {
            dumps.append("\n--- process ").append(p.pid()).append(' ')
                    .append(p.info().commandLine().orElse("?")).append(", CPU ")
                    .append(p.info().totalCpuDuration().map(Object::toString).orElse("?")).append(":\n");
            try {
                var dump = new ProcessBuilder(jcmd, String.valueOf(p.pid()), "Thread.print").redirectErrorStream(true)
                        .start();
                String text = new String(dump.getInputStream().readAllBytes());
                dump.waitFor(20, java.util.concurrent.TimeUnit.SECONDS);
                dumps.append(text.length() > 20_000 ? text.substring(0, 20_000) : text);
            } catch (java.io.IOException | InterruptedException ex) {
                dumps.append("(no thread dump: ").append(ex).append(')');
            }
        });
        return dumps.toString();
    }

    private static String tail(java.nio.file.Path log) {
        try {
            var lines = java.nio.file.Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (java.io.IOException | RuntimeException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /** The first value the probe finds. */
    public static <T> T value(String what, Supplier<Optional<T>> probe) {
        Instant deadline = Instant.now().plus(TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            Optional<T> value = probe.get();
            if (value.isPresent()) {
                return value.get();
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("timed out after " + TIMEOUT.toSeconds() + " s waiting for " + what);
    }
}
