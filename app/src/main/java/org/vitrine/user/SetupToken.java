package org.vitrine.user;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * SetupToken is the one-time secret in the first-run setup link. It lives only in memory: a restart prints
 * a new link, and it is useless once the owner account exists.
 */
public final class SetupToken {
    private final String value;

    public SetupToken(SecureRandom random) {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        this.value = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public String value() {
        return value;
    }

    public boolean matches(String candidate) {
        return candidate != null && MessageDigest.isEqual(
                value.getBytes(StandardCharsets.UTF_8), candidate.getBytes(StandardCharsets.UTF_8));
    }
}
