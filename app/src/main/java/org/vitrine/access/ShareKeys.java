package org.vitrine.access;

import java.security.SecureRandom;
import java.util.Base64;

/** ShareKeys makes the secret keys of share links: 144 random bits, URL-safe (24 characters). */
public final class ShareKeys {
    private ShareKeys() {
    }

    public static String newKey(SecureRandom random) {
        byte[] bytes = new byte[18];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
