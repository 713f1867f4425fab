package org.vitrine.user;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitrine.db.Database;
import org.vitrine.testing.MutableClock;
import org.vitrine.testing.TestDatabases;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failed sign-ins slow further tries down, progressively and up to a ceiling, and are forgotten later. The
 * counts live in the database, so two web nodes on one database count the same failures.
 */
class LoginRateLimiterTest {
    private final MutableClock clock = new MutableClock(java.time.Instant.parse("2026-01-01T00:00:00Z"));
    private final List<Database> opened = new ArrayList<>();
    @TempDir
    Path dir;

    @AfterEach
    void close() {
        opened.forEach(Database::close);
    }

    private LoginRateLimiter limiterOn(Database database) {
        opened.add(database);
        return LoginRateLimiter.forSignIn(database.jdbi(), clock);
    }

    @Test
    void the_wait_doubles_after_each_failure_beyond_the_free_ones_and_stops_at_fifteen_minutes() {
        var limiter = limiterOn(TestDatabases.sqlite(dir));
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
        var limiter = limiterOn(TestDatabases.sqlite(dir));
        for (int i = 0; i < 6; i++) {
            limiter.recordFailure("address:a", "pair:a owner");
        }
        assertThat(limiter.waitFor("address:b", "pair:b owner")).isZero();
        assertThat(limiter.waitFor("address:a", "pair:b owner")).isPositive();
        clock.advance(Duration.ofHours(1).plusSeconds(1));
        assertThat(limiter.waitFor("address:a", "pair:a owner")).isZero();
        // Counting starts again from one: five more failures are free again.
        for (int i = 0; i < 4; i++) {
            limiter.recordFailure("address:a");
        }
        assertThat(limiter.waitFor("address:a")).isZero();
    }

    @Test
    void a_success_resets_only_the_keys_it_names() {
        var limiter = limiterOn(TestDatabases.sqlite(dir));
        for (int i = 0; i < 6; i++) {
            limiter.recordFailure("address:a", "pair:a owner");
        }
        limiter.reset("pair:a owner");
        assertThat(limiter.waitFor("pair:a owner")).isZero();
        assertThat(limiter.waitFor("address:a")).isPositive();
    }

    @Test
    void forgotten_failures_are_removed_from_the_table_and_keys_are_stored_hashed() {
        Database database = TestDatabases.sqlite(dir);
        var limiter = limiterOn(database);
        limiter.recordFailure("address:192.0.2.1", "pair:192.0.2.1 someone@example.com");
        clock.advance(Duration.ofHours(2));
        limiter.recordFailure("address:192.0.2.9");

        List<String> stored = database.jdbi().withHandle(h -> h.createQuery(
                "SELECT key_hash FROM sign_in_failures").mapTo(String.class).list());
        assertThat(stored).containsExactly(Sha256.hex("address:192.0.2.9"));
    }

    @Test
    void two_web_nodes_on_one_postgresql_database_count_the_same_failures() {
        String url = TestDatabases.newPostgresSchemaUrl();
        var nodeA = limiterOn(Database.open(url, TestDatabases.POSTGRES_USER, ""));
        var nodeB = limiterOn(Database.open(url, TestDatabases.POSTGRES_USER, ""));
        // A guesser whose tries the proxy spreads over both nodes.
        for (int i = 0; i < 3; i++) {
            nodeA.recordFailure("address:a");
            nodeB.recordFailure("address:a");
        }
        assertThat(nodeA.waitFor("address:a")).isEqualTo(Duration.ofSeconds(60));
        assertThat(nodeB.waitFor("address:a")).isEqualTo(Duration.ofSeconds(60));

        nodeB.reset("address:a");
        assertThat(nodeA.waitFor("address:a")).isZero();
    }
}
