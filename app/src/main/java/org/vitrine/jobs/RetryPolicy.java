package org.vitrine.jobs;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * RetryPolicy says how often a failing job is tried and how long it waits in between: the delay grows
 * by {@code factor} each time, so a flaky disk gets a quick second chance and a broken one is not hammered,
 * up to {@code maxDelay}, so work waiting for a service that was down for hours resumes soon after it is back.
 */
public record RetryPolicy(int maxAttempts, Duration firstDelay, int factor, Duration maxDelay) {

    /** A delay "without bound" that still adds to any instant (declared first: the policies below use it). */
    private static final Duration UNBOUNDED = Duration.ofDays(365L * 1000);

    /** Five attempts, waiting 10 s, 40 s, 160 s and 640 s between them. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofSeconds(10), 4);

    /**
     * For work that waits on a service being back (a cloud store): 2 s, 4 s, 8 s... then every 5 minutes, for
     * about a day, so an outage of hours costs a backlog and the work resumes within minutes of the end.
     */
    public static final RetryPolicy UNTIL_BACK = new RetryPolicy(300, Duration.ofSeconds(2), 2,
            Duration.ofMinutes(5));

    public RetryPolicy {
        if (maxAttempts < 1 || factor < 1 || firstDelay.isNegative() || maxDelay.compareTo(firstDelay) < 0) {
            throw new IllegalArgumentException("Invalid retry policy: " + maxAttempts + " attempts, "
                    + firstDelay + " first delay, factor " + factor + ", at most " + maxDelay);
        }
    }

    /** A policy whose delay grows without a bound. */
    public RetryPolicy(int maxAttempts, Duration firstDelay, int factor) {
        this(maxAttempts, firstDelay, factor, UNBOUNDED);
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
