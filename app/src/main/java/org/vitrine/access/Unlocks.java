package org.vitrine.access;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Unlocks signs and checks the cookies that say a visitor gave an album's or a link's password. A cookie holds
 * its expiry and an HMAC over the lock's name, that expiry and the lock's password hash: it cannot be forged or
 * stretched, it stops opening anything when it expires, and a new password voids every unlock of the old one.
 * The secret is shared by all web processes (it lives in the database), so an unlock works on every node and
 * survives restarts without any lookup per request.
 */
public final class Unlocks {
    /** How long an unlock lasts: a day, then the visitor gives the password again. */
    public static final Duration LIFETIME = Duration.ofHours(24);
    static final String COOKIE_PREFIX = "vitrine_unlock_";

    private final byte[] secret;

    public Unlocks(byte[] secret) {
        if (secret.length < 32) {
            throw new IllegalArgumentException("An unlock secret needs at least 32 bytes");
        }
        this.secret = secret.clone();
    }

    /** The cookie that carries the unlock of a lock with this name. */
    public static String cookieName(String lockName) {
        return COOKIE_PREFIX + lockName;
    }

    /** The cookie value proving the lock with this name and password hash was opened, valid until {@code until}. */
    public String cookieValue(String lockName, String lockStamp, long untilMillis) {
        return untilMillis + "." + mac(lockName, lockStamp, untilMillis);
    }

    /** Whether this cookie value opens that lock at this moment. */
    boolean opens(String lockName, String lockStamp, String value, long nowMillis) {
        if (value == null || lockStamp == null) {
            return false;
        }
        int dot = value.indexOf('.');
        if (dot <= 0) {
            return false;
        }
        long until;
        try {
            until = Long.parseLong(value.substring(0, dot));
        } catch (NumberFormatException e) {
            return false;
        }
        if (nowMillis >= until) {
            return false;
        }
        return MessageDigest.isEqual(mac(lockName, lockStamp, until).getBytes(StandardCharsets.US_ASCII),
                value.substring(dot + 1).getBytes(StandardCharsets.US_ASCII));
    }

    private String mac(String lockName, String lockStamp, long until) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            byte[] digest = mac.doFinal((lockName + "\n" + until + "\n" + lockStamp).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** A secret for tests and for a first start: 32 random bytes, as hex. */
    public static String newSecret(java.security.SecureRandom random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
