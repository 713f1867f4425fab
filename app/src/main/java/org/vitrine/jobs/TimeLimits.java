package org.vitrine.jobs;

import java.time.Duration;

/**
 * TimeLimits derive each job's time limit from its size, as its handler estimates it in bytes of peak memory
 * (which grows with the pixels it decodes): {@code floor + perGibibyte × estimate}, at most {@code ceiling}.
 * A job still running at its limit is taken from its worker and failed with the reason; the floor is generous
 * because a small image that takes long is exactly what the limit is for (a 1×1 TIFF with 3 million empty
 * directories took 25.6 s to decode).
 */
public record TimeLimits(Duration floor, Duration perGibibyte, Duration ceiling) {

    /** One minute, plus two minutes per GiB of estimated memory, at most fifteen minutes. */
    public static final TimeLimits DEFAULT = new TimeLimits(Duration.ofMinutes(1), Duration.ofMinutes(2),
            Duration.ofMinutes(15));

    public TimeLimits {
        if (floor.isNegative() || floor.isZero() || perGibibyte.isNegative() || ceiling.compareTo(floor) < 0) {
            throw new IllegalArgumentException("Invalid job time limits: floor " + floor + ", " + perGibibyte
                    + " per GiB, ceiling " + ceiling);
        }
    }

    /** The same limit for every job, whatever its size (tests). */
    public static TimeLimits fixed(Duration limit) {
        return new TimeLimits(limit, Duration.ZERO, limit);
    }

    /** The limit of a job estimated to need {@code estimatedBytes} of memory at its peak. */
    public Duration forEstimate(long estimatedBytes) {
        double gibibytes = Math.max(0, estimatedBytes) / (double) (1L << 30);
        Duration limit = floor.plusNanos((long) (perGibibyte.toNanos() * gibibytes));
        return limit.compareTo(ceiling) > 0 ? ceiling : limit;
    }

    /** A limit in words for logs and the job's error: "300 ms", "90 s". */
    static String describe(Duration limit) {
        return limit.compareTo(Duration.ofSeconds(10)) < 0 ? limit.toMillis() + " ms" : limit.toSeconds() + " s";
    }
}
