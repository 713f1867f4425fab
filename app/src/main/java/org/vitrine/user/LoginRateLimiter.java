package org.vitrine.user;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * LoginRateLimiter slows password guessing down without locking anyone out. Failures are counted per key (the
 * sign-in form uses the client's address, and the address together with the account); after a few free
 * failures each further attempt under that key must wait, twice as long after every failure, up to a ceiling.
 * A key's count is forgotten some time after its last failure. No key is the account alone: a stranger's
 * failures can never make the owner, signing in from their own address, wait.
 */
public final class LoginRateLimiter {
    /** Above this many keys, the ones whose failures are forgotten are dropped (bounds memory under a spray). */
    private static final int PRUNE_ABOVE = 10_000;

    private final int freeFailures;
    private final Duration firstDelay;
    private final Duration maxDelay;
    private final Duration forgetAfter;
    private final Clock clock;
    private final ConcurrentHashMap<String, Failures> failures = new ConcurrentHashMap<>();

    public LoginRateLimiter(int freeFailures, Duration firstDelay, Duration maxDelay, Duration forgetAfter,
                            Clock clock) {
        this.freeFailures = freeFailures;
        this.firstDelay = firstDelay;
        this.maxDelay = maxDelay;
        this.forgetAfter = forgetAfter;
        this.clock = clock;
    }

    /** The limits the sign-in form uses: 5 free failures, then 30 s, 1 min, 2 min … up to 15 min between tries. */
    public static LoginRateLimiter forSignIn(Clock clock) {
        return new LoginRateLimiter(5, Duration.ofSeconds(30), Duration.ofMinutes(15), Duration.ofHours(1), clock);
    }

    private record Failures(int count, long lastMillis) {
    }

    /** How long until the next attempt is allowed under all these keys; zero when allowed now. */
    public Duration waitFor(String... keys) {
        long now = clock.millis();
        long wait = 0;
        for (String key : keys) {
            Failures f = failures.get(key);
            if (f != null && !forgotten(f, now)) {
                wait = Math.max(wait, f.lastMillis() + delayAfter(f.count()).toMillis() - now);
            }
        }
        return Duration.ofMillis(Math.max(0, wait));
    }

    public void recordFailure(String... keys) {
        long now = clock.millis();
        if (failures.size() > PRUNE_ABOVE) {
            failures.values().removeIf(f -> forgotten(f, now));
        }
        for (String key : keys) {
            failures.merge(key, new Failures(1, now),
                    (old, one) -> forgotten(old, now) ? one : new Failures(old.count() + 1, now));
        }
    }

    public void reset(String... keys) {
        for (String key : keys) {
            failures.remove(key);
        }
    }

    Duration delayAfter(int failureCount) {
        if (failureCount < freeFailures) {
            return Duration.ZERO;
        }
        int doublings = Math.min(failureCount - freeFailures, 30);
        Duration delay = firstDelay.multipliedBy(1L << doublings);
        return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
    }

    private boolean forgotten(Failures f, long now) {
        return now - f.lastMillis() > forgetAfter.toMillis();
    }
}
