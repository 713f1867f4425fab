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
    void cloud_uploads_retry_soon_at_first_then_at_most_every_two_minutes_for_weeks() {
        RetryPolicy policy = RetryPolicy.UNTIL_THE_CLOUD_IS_BACK;

        assertThat(policy.delayAfter(1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.delayAfter(3)).isEqualTo(Duration.ofSeconds(8));
        assertThat(policy.delayAfter(7)).isEqualTo(Duration.ofMinutes(2));
        assertThat(policy.delayAfter(9_999)).isEqualTo(Duration.ofMinutes(2));
        assertThat(policy.retries(9_999)).isTrue();
    }
}
