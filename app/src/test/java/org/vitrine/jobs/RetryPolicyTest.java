package org.vitrine.jobs;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class RetryPolicyTest {
    @Test
    void the_default_waits_ten_forty_and_a_hundred_sixty_seconds_and_gives_up_after_five_attempts() {
        RetryPolicy policy = RetryPolicy.DEFAULT;

        assertThat(policy.delayAfter(1)).isEqualTo(Duration.ofSeconds(10));
        assertThat(policy.delayAfter(2)).isEqualTo(Duration.ofSeconds(40));
        assertThat(policy.delayAfter(3)).isEqualTo(Duration.ofSeconds(160));
        assertThat(policy.retries(4)).isTrue();
        assertThat(policy.retries(5)).isFalse();
    }

    @Test
    void until_back_doubles_from_two_seconds_then_waits_five_minutes_at_most_for_about_a_day() {
        RetryPolicy policy = RetryPolicy.UNTIL_BACK;

        assertThat(policy.delayAfter(1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.delayAfter(2)).isEqualTo(Duration.ofSeconds(4));
        assertThat(policy.delayAfter(8)).isEqualTo(Duration.ofSeconds(256));
        assertThat(policy.delayAfter(9)).isEqualTo(Duration.ofMinutes(5));
        assertThat(policy.delayAfter(299)).isEqualTo(Duration.ofMinutes(5));
        Duration total = Duration.ZERO;
        for (int attempt = 1; attempt < policy.maxAttempts(); attempt++) {
            total = total.plus(policy.delayAfter(attempt));
        }
        assertThat(total).isBetween(Duration.ofHours(20), Duration.ofHours(30));
    }
}
