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
            throw new AssertionError(message.toString(), e);
        }
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
