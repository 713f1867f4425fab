package org.vitrine.user;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Password hashing runs a few at a time, as many as the heap affords, and refuses rather than queue forever. */
class PasswordHasherTest {
    private static final long MIB = 1024 * 1024;

    @Test
    void the_number_of_hashes_at_once_follows_the_heap_from_one_to_four() {
        assertThat(PasswordHasher.concurrencyFor(32 * MIB)).isEqualTo(1);
        assertThat(PasswordHasher.concurrencyFor(128 * MIB)).isEqualTo(2);
        assertThat(PasswordHasher.concurrencyFor(256 * MIB)).isEqualTo(4);
        assertThat(PasswordHasher.concurrencyFor(16_384 * MIB)).isEqualTo(4);
    }

    @Test
    void a_hash_that_finds_every_turn_taken_is_refused_as_busy_and_the_next_one_runs() throws Exception {
        var hasher = new PasswordHasher(1, Duration.ZERO);
        String hash = hasher.hash("a long enough password");
        var started = new CountDownLatch(1);
        int busy = 0;
        try (var pool = Executors.newFixedThreadPool(8)) {
            // Eight verifications at once through one turn and no waiting: some must be refused.
            var results = new java.util.ArrayList<Future<Boolean>>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> {
                    started.await();
                    return hasher.verify("a long enough password", hash);
                }));
            }
            started.countDown();
            for (var result : results) {
                try {
                    assertThat(result.get()).isTrue();
                } catch (java.util.concurrent.ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(PasswordHasher.Busy.class);
                    busy++;
                }
            }
        }
        assertThat(busy).isPositive();
        assertThat(hasher.verify("a long enough password", hash)).isTrue();
    }

    @Test
    void with_no_turn_at_all_hashing_is_refused_at_once() {
        assertThatThrownBy(() -> new PasswordHasher(0, Duration.ZERO).hash("a long enough password"))
                .isInstanceOf(PasswordHasher.Busy.class).hasMessageContaining("Try again");
    }
}
