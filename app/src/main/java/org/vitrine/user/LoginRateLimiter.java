package org.vitrine.user;

import org.jdbi.v3.core.Jdbi;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * LoginRateLimiter slows password guessing down without locking anyone out. Failures are counted per key (the
 * sign-in form uses the client's address, and the address together with the account); after a few free
 * failures each further attempt under that key must wait, twice as long after every failure, up to a ceiling.
 * A key's count is forgotten some time after its last failure. No key is the account alone: a stranger's
 * failures can never make the owner, signing in from their own address, wait.
 *
 * <p>The counts are in the database (table sign_in_failures), so every web node sees the same ones. Forgotten
 * rows are removed with each new failure, which bounds the table under a spray of guesses to about an hour's.
 */
public final class LoginRateLimiter {
    private final Jdbi jdbi;
    private final int freeFailures;
    private final Duration firstDelay;
    private final Duration maxDelay;
    private final Duration forgetAfter;
    private final Clock clock;

    public LoginRateLimiter(Jdbi jdbi, int freeFailures, Duration firstDelay, Duration maxDelay,
                            Duration forgetAfter, Clock clock) {
        this.jdbi = jdbi;
        this.freeFailures = freeFailures;
        this.firstDelay = firstDelay;
        this.maxDelay = maxDelay;
        this.forgetAfter = forgetAfter;
        this.clock = clock;
    }

    /** The limits the sign-in form uses: 5 free failures, then 30 s, 1 min, 2 min … up to 15 min between tries. */
    public static LoginRateLimiter forSignIn(Jdbi jdbi, Clock clock) {
        return new LoginRateLimiter(jdbi, 5, Duration.ofSeconds(30), Duration.ofMinutes(15), Duration.ofHours(1),
                clock);
    }

    private record Failures(int count, long lastMillis) {
    }

    /** How long until the next attempt is allowed under all these keys; zero when allowed now. */
    public Duration waitFor(String... keys) {
        long now = clock.millis();
        List<Failures> found = jdbi.withHandle(h -> h.createQuery("""
                        SELECT failures, last_failure_at
                          FROM sign_in_failures
                         WHERE key_hash IN (<keys>) AND last_failure_at >= :remembered""")
                .bindList("keys", hashes(keys))
                .bind("remembered", now - forgetAfter.toMillis())
                .map((rs, ctx) -> new Failures(rs.getInt("failures"), rs.getLong("last_failure_at")))
                .list());
        long wait = 0;
        for (Failures f : found) {
            wait = Math.max(wait, f.lastMillis() + delayAfter(f.count()).toMillis() - now);
        }
        return Duration.ofMillis(Math.max(0, wait));
    }

    public void recordFailure(String... keys) {
        long now = clock.millis();
        long rememberedSince = now - forgetAfter.toMillis();
        // Each statement commits on its own: no transaction holds row locks that another node's could wait on.
        jdbi.useHandle(h -> {
            h.createUpdate("DELETE FROM sign_in_failures WHERE last_failure_at < :remembered")
                    .bind("remembered", rememberedSince)
                    .execute();
            // One statement per key, so two nodes counting the same key at once both count (no read-then-write).
            for (String hash : hashes(keys)) {
                h.createUpdate("""
                                INSERT INTO sign_in_failures (key_hash, failures, last_failure_at)
                                VALUES (:key, 1, :now)
                                ON CONFLICT (key_hash) DO UPDATE
                                   SET failures = sign_in_failures.failures + 1, last_failure_at = :now""")
                        .bind("key", hash)
                        .bind("now", now)
                        .execute();
            }
        });
    }

    public void reset(String... keys) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM sign_in_failures WHERE key_hash IN (<keys>)")
                .bindList("keys", hashes(keys))
                .execute());
    }

    Duration delayAfter(int failureCount) {
        if (failureCount < freeFailures) {
            return Duration.ZERO;
        }
        int doublings = Math.min(failureCount - freeFailures, 30);
        Duration delay = firstDelay.multipliedBy(1L << doublings);
        return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
    }

    private static List<String> hashes(String... keys) {
        return Arrays.stream(keys).map(Sha256::hex).toList();
    }
}
