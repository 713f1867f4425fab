package org.vitrine.user;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;

/**
 * PasswordHasher hashes passwords with Argon2id (password4j), with parameters that take about a tenth of a
 * second and 19 MiB on a small server (the OWASP minimum), and verifies them in constant time.
 */
public final class PasswordHasher {
    public static final int MIN_LENGTH = 10;

    private static final Argon2Function ARGON2 = Argon2Function.getInstance(19 * 1024, 2, 1, 32, Argon2.ID);

    public String hash(String password) {
        return Password.hash(password).addRandomSalt(16).with(ARGON2).getResult();
    }

    public boolean verify(String password, String hash) {
        try {
            return Password.check(password, hash).with(Argon2Function.getInstanceFromHash(hash));
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** A reason the password is not acceptable, or null when it is. */
    public static String weakness(String password) {
        if (password == null || password.length() < MIN_LENGTH) {
            return "Use a password of at least " + MIN_LENGTH + " characters.";
        }
        if (password.length() > 1000) {
            return "That password is too long (1000 characters at most).";
        }
        return null;
    }
}
