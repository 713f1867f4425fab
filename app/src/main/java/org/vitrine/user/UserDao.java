package org.vitrine.user;

import org.jdbi.v3.core.Jdbi;

import java.time.Clock;
import java.util.Optional;

/** UserDao stores accounts and their password hashes. */
public final class UserDao {
    private final Jdbi jdbi;
    private final Clock clock;

    public UserDao(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    public int count() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM users").mapTo(Integer.class).one());
    }

    public long insert(String email, String passwordHash) {
        return jdbi.withHandle(h -> h.createUpdate(
                        "INSERT INTO users (email, password_hash, created_at) VALUES (:email, :hash, :now)")
                .bind("email", email)
                .bind("hash", passwordHash)
                .bind("now", clock.millis())
                .executeAndReturnGeneratedKeys("id")
                .mapTo(Long.class)
                .one());
    }

    /**
     * Inserts the site's first owner and marks setup done, in one transaction; empty when setup was already done
     * (another submission of the setup form won). The primary key of setup_done decides, on every database.
     */
    public Optional<Long> insertFirstOwner(String email, String passwordHash) {
        try {
            return Optional.of(jdbi.inTransaction(h -> {
                long now = clock.millis();
                long id = h.createUpdate(
                                "INSERT INTO users (email, password_hash, created_at) VALUES (:email, :hash, :now)")
                        .bind("email", email)
                        .bind("hash", passwordHash)
                        .bind("now", now)
                        .executeAndReturnGeneratedKeys("id")
                        .mapTo(Long.class)
                        .one();
                h.createUpdate("INSERT INTO setup_done (id, owner_id, done_at) VALUES (1, :id, :now)")
                        .bind("id", id)
                        .bind("now", now)
                        .execute();
                return id;
            }));
        } catch (org.jdbi.v3.core.statement.UnableToExecuteStatementException e) {
            if (setupDone()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    public boolean setupDone() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM setup_done").mapTo(Integer.class).one()) > 0;
    }

    public Optional<User> find(long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id, email FROM users WHERE id = :id")
                .bind("id", id)
                .map((rs, c) -> new User(rs.getLong("id"), rs.getString("email")))
                .findOne());
    }

    /** The user and stored hash for an email, compared case-insensitively. */
    public Optional<Credentials> credentials(String email) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT id, email, password_hash FROM users WHERE LOWER(email) = LOWER(:email)")
                .bind("email", email)
                .map((rs, c) -> new Credentials(new User(rs.getLong("id"), rs.getString("email")),
                        rs.getString("password_hash")))
                .findOne());
    }

    public boolean updatePassword(long userId, String passwordHash) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE users SET password_hash = :hash WHERE id = :id")
                .bind("hash", passwordHash)
                .bind("id", userId)
                .execute()) == 1;
    }

    /** A user with the hash their password must match. */
    public record Credentials(User user, String passwordHash) {
    }
}
