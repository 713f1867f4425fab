package org.vitrine.user;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ConcurrentHashMap;

/**
 * LoginRateLimiter slows password guessing: after a number of failed sign-ins from one address, or for one
 * email, further attempts are refused until the oldest failure leaves the window.
 */
public final class LoginRateLimiter {
    private final int maxFailures;
    private final Duration window;
    private final Clock clock;
    private final ConcurrentHashMap<String, Deque<Long>> failures = new ConcurrentHashMap<>();

    public LoginRateLimiter(int maxFailures, Duration window, Clock clock) {
        this.maxFailures = maxFailures;
        this.window = window;
        this.clock = clock;
    }

    /** How long until the next attempt is allowed for these keys; zero when allowed now. */
    public Duration waitFor(String... keys) {
        long now = clock.millis();
        long wait = 0;
        for (String key : keys) {
            Deque<Long> times = failures.get(key);
            if (times == null) {
                continue;
            }
            synchronized (times) {
                prune(times, now);
                if (times.size() >= maxFailures) {
                    wait = Math.max(wait, times.peekFirst() + window.toMillis() - now);
                }
            }
        }
        return Duration.ofMillis(wait);
    }

    public void recordFailure(String... keys) {
        long now = clock.millis();
        for (String key : keys) {
            Deque<Long> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
            synchronized (times) {
                prune(times, now);
                times.addLast(now);
            }
        }
    }

    public void reset(String... keys) {
        for (String key : keys) {
            failures.remove(key);
        }
    }

    private void prune(Deque<Long> times, long now) {
        while (!times.isEmpty() && times.peekFirst() <= now - window.toMillis()) {
            times.removeFirst();
        }
    }
}
