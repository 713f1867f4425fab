package org.vitrine.jobs;

import java.time.Duration;

/**
 * RetryPolicy says how often a failing job is tried and how long it waits in between: the delay grows
 * by {@code factor} each time, so a flaky disk gets a quick second chance and a broken one is not hammered.
 */
public record RetryPolicy(int maxAttempts, Duration firstDelay, int factor) {

    /** Five attempts, waiting 10 s, 40 s, 160 s and 640 s between them. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofSeconds(10), 4);

    public RetryPolicy {
        if (maxAttempts < 1 || factor < 1 || firstDelay.isNegative()) {
            throw new IllegalArgumentException("Invalid retry policy: " + maxAttempts + " attempts, "
                    + firstDelay + " first delay, factor " + factor);
        }
    }

    /** Whether a job that has failed its {@code attempts}-th try gets another one. */
    public boolean retries(int attempts) {
        return attempts < maxAttempts;
    }

    /** The wait after the {@code attempts}-th failed try (1 → firstDelay, 2 → firstDelay × factor, ...). */
    public Duration delayAfter(int attempts) {
        Duration delay = firstDelay;
        for (int i = 1; i < attempts; i++) {
            delay = delay.multipliedBy(factor);
        }
        return delay;
    }
}
