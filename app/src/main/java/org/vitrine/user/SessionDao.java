package org.vitrine.user;

import org.jdbi.v3.core.Jdbi;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * SessionDao keeps sign-in sessions. Only a SHA-256 of each token is stored, so a leaked database does not
 * leak usable session cookies.
 */
public final class SessionDao {
    public static final Duration LIFETIME = Duration.ofDays(30);

    private final Jdbi jdbi;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public SessionDao(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /** Starts a session for the user and returns the token for the cookie. */
    public String create(long userId) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        long now = clock.millis();
        jdbi.useHandle(h -> {
            h.createUpdate("DELETE FROM sessions WHERE expires_at < :now").bind("now", now).execute();
            h.createUpdate("INSERT INTO sessions (token_hash, user_id, created_at, expires_at) "
                            + "VALUES (:hash, :user, :now, :expires)")
                    .bind("hash", hash(token))
                    .bind("user", userId)
                    .bind("now", now)
                    .bind("expires", now + LIFETIME.toMillis())
                    .execute();
        });
        return token;
    }

    /** The signed-in user for a cookie token, if the session exists and has not expired. */
    public Optional<User> user(String token) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT u.id, u.email FROM sessions s JOIN users u ON u.id = s.user_id "
                                + "WHERE s.token_hash = :hash AND s.expires_at > :now")
                .bind("hash", hash(token))
                .bind("now", clock.millis())
                .map((rs, c) -> new User(rs.getLong("id"), rs.getString("email")))
                .findOne());
    }

    public void delete(String token) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM sessions WHERE token_hash = :hash")
                .bind("hash", hash(token)).execute());
    }

    /** Signs the user out everywhere, e.g. after a password change. */
    public void deleteAllFor(long userId) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM sessions WHERE user_id = :user")
                .bind("user", userId).execute());
    }

    private static String hash(String token) {
        try {
            var digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
