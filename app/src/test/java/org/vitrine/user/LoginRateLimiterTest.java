package org.vitrine.user;

import org.junit.jupiter.api.Test;
import org.vitrine.testing.MutableClock;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Failed sign-ins slow further tries down, progressively and up to a ceiling, and are forgotten later. */
class LoginRateLimiterTest {
    private final MutableClock clock = new MutableClock(java.time.Instant.parse("2026-01-01T00:00:00Z"));
    private final LoginRateLimiter limiter = LoginRateLimiter.forSignIn(clock);

    @Test
    void the_wait_doubles_after_each_failure_beyond_the_free_ones_and_stops_at_fifteen_minutes() {
        for (int i = 0; i < 4; i++) {
            limiter.recordFailure("k");
        }
        assertThat(limiter.waitFor("k")).isZero();
        limiter.recordFailure("k");
        assertThat(limiter.waitFor("k")).isEqualTo(Duration.ofSeconds(30));
        clock.advance(Duration.ofSeconds(30));
        assertThat(limiter.waitFor("k")).isZero();
        limiter.recordFailure("k");
        assertThat(limiter.waitFor("k")).isEqualTo(Duration.ofMinutes(1));
        for (int i = 0; i < 10; i++) {
            limiter.recordFailure("k");
        }
        assertThat(limiter.waitFor("k")).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void keys_are_independent_and_failures_are_forgotten_after_an_hour() {
        for (int i = 0; i < 6; i++) {
            limiter.recordFailure("address:a", "pair:a owner");
        }
        assertThat(limiter.waitFor("address:b", "pair:b owner")).isZero();
        assertThat(limiter.waitFor("address:a", "pair:b owner")).isPositive();
        clock.advance(Duration.ofHours(1).plusSeconds(1));
        assertThat(limiter.waitFor("address:a", "pair:a owner")).isZero();
    }
}
