package org.vitrine.jobs;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * RetryPolicy says how often a failing job is tried and how long it waits in between: the delay grows
 * by {@code factor} each time, so a flaky disk gets a quick second chance and a broken one is not hammered,
 * up to {@code maxDelay}, so work waiting for a service that was down for hours resumes soon after it is back.
 */
public record RetryPolicy(int maxAttempts, Duration firstDelay, int factor, Duration maxDelay) {

    /** Five attempts, waiting 10 s, 40 s, 160 s and 640 s between them. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofSeconds(10), 4);

    /**
     * Sends to the cloud store what waits in the local spool: a cloud that is down for days costs a backlog, and
     * it drains within a few minutes of the cloud's return. Once given up, the blob is still in the spool and is
     * queued again at the next start.
     */
    public static final RetryPolicy UNTIL_THE_CLOUD_IS_BACK = new RetryPolicy(10_000, Duration.ofSeconds(2), 2,
            Duration.ofMinutes(2));

    /** A policy whose delays grow without a ceiling. */
    public RetryPolicy(int maxAttempts, Duration firstDelay, int factor) {
        this(maxAttempts, firstDelay, factor, ChronoUnit.FOREVER.getDuration());
    }

    public RetryPolicy {
        if (maxAttempts < 1 || factor < 1 || firstDelay.isNegative() || maxDelay.isNegative()) {
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
        for (int i = 1; i < attempts && delay.compareTo(maxDelay) < 0; i++) {
            delay = delay.multipliedBy(factor);
        }
        return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
    }
}
