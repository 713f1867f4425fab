package org.vitrine.user;

import org.jdbi.v3.core.Jdbi;
import org.vitrine.nodes.Change;
import org.vitrine.nodes.ChangeBroadcast;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * SessionDao keeps sign-in sessions. Only a SHA-256 of each token is stored, so a leaked database does not
 * leak usable session cookies.
 *
 * <p>A signed-in page asks for thirty images: each would look its session up. The sessions found are remembered
 * for {@link #REMEMBERED} at most, and forgotten at once when this process ends them (sign-out, password change),
 * so signing out here is exact. Each ending is also broadcast: on PostgreSQL the other web nodes (and this one,
 * for `vitrine user password` run on the command line) forget it as soon as they hear of it; one that heard
 * nothing (SQLite, a lost notification) still stops believing it within {@link #REMEMBERED}.
 */
public final class SessionDao {
    public static final Duration LIFETIME = Duration.ofDays(30);
    /** How long a session found is believed without asking the database again. */
    public static final Duration REMEMBERED = Duration.ofSeconds(5);
    /** At most this many sessions are remembered; past it the memory starts again empty. */
    static final int MAX_REMEMBERED = 10_000;

    private final Jdbi jdbi;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final ConcurrentHashMap<String, Remembered> remembered = new ConcurrentHashMap<>();
    // Bumped by every ending of sessions before they are forgotten: a lookup racing with it does not keep its find.
    private final AtomicLong endings = new AtomicLong();

    /** A session found: whose it is, and until when it may be believed without asking again. */
    private record Remembered(User user, long until) {
    }

    private final ChangeBroadcast broadcast;

    public SessionDao(Jdbi jdbi, Clock clock) {
        this(jdbi, clock, ChangeBroadcast.NONE);
    }

    /** A SessionDao that tells the other processes on the database of every session it ends. */
    public SessionDao(Jdbi jdbi, Clock clock, ChangeBroadcast broadcast) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.broadcast = broadcast;
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
        String hash = hash(token);
        long now = clock.millis();
        Remembered known = remembered.get(hash);
        if (known != null && now < known.until()) {
            return Optional.of(known.user());
        }
        long before = endings.get();
        var found = jdbi.withHandle(h -> h.createQuery(
                        "SELECT u.id, u.email, s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id "
                                + "WHERE s.token_hash = :hash AND s.expires_at > :now")
                .bind("hash", hash)
                .bind("now", now)
                .map((rs, c) -> new Remembered(new User(rs.getLong("id"), rs.getString("email")),
                        Math.min(rs.getLong("expires_at"), now + REMEMBERED.toMillis())))
                .findOne());
        if (found.isEmpty()) {
            remembered.remove(hash);
            return Optional.empty();
        }
        if (remembered.size() >= MAX_REMEMBERED) {
            remembered.clear();
        }
        remembered.put(hash, found.get());
        if (endings.get() != before) {
            remembered.remove(hash, found.get());
        }
        return Optional.of(found.get().user());
    }

    public void delete(String token) {
        String hash = hash(token);
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM sessions WHERE token_hash = :hash")
                .bind("hash", hash).execute());
        forgetSession(hash);
        broadcast.send(Change.session(hash));
    }

    /** Signs the user out everywhere, e.g. after a password change. */
    public void deleteAllFor(long userId) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM sessions WHERE user_id = :user")
                .bind("user", userId).execute());
        forgetSessionsOf(userId);
        broadcast.send(Change.sessionsOf(userId));
    }

    /** Stops believing the session with this token hash (ended by another process). */
    public void forgetSession(String tokenHash) {
        endings.incrementAndGet();
        remembered.remove(tokenHash);
    }

    /** Stops believing any session of this user (ended by another process). */
    public void forgetSessionsOf(long userId) {
        endings.incrementAndGet();
        remembered.values().removeIf(r -> r.user().id() == userId);
    }

    /** Stops believing every session: endings elsewhere may have been missed. */
    public void forgetEverything() {
        endings.incrementAndGet();
        remembered.clear();
    }

    private static String hash(String token) {
        return Sha256.hex(token);
    }
}
