package org.vitrine.access;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** UnlocksTest: an unlock cookie opens its own lock, until it expires, and cannot be forged or moved. */
class UnlocksTest {
    private static final String STAMP = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA";

    private final Unlocks unlocks = new Unlocks(filled((byte) 7));

    @Test
    void a_cookie_opens_its_lock_until_it_expires() {
        String value = unlocks.cookieValue("a12", STAMP, 2_000);
        assertThat(unlocks.opens("a12", STAMP, value, 1_999)).isTrue();
        assertThat(unlocks.opens("a12", STAMP, value, 2_000)).isFalse();
    }

    @Test
    void a_cookie_opens_no_other_lock_no_new_password_and_cannot_be_stretched_or_forged() {
        String value = unlocks.cookieValue("a12", STAMP, 2_000);
        assertThat(unlocks.opens("a13", STAMP, value, 1_000)).isFalse();
        assertThat(unlocks.opens("l12", STAMP, value, 1_000)).isFalse();
        assertThat(unlocks.opens("a12", STAMP + "x", value, 1_000)).isFalse();
        String stretched = "9999999999999" + value.substring(value.indexOf('.'));
        assertThat(unlocks.opens("a12", STAMP, stretched, 1_000)).isFalse();
        assertThat(new Unlocks(filled((byte) 8)).opens("a12", STAMP, value, 1_000)).isFalse();
        for (String junk : new String[]{null, "", ".", "abc.def", "2000", "2000."}) {
            assertThat(unlocks.opens("a12", STAMP, junk, 1_000)).as(junk).isFalse();
        }
        assertThat(unlocks.opens("a12", null, value, 1_000)).isFalse();
    }

    private static byte[] filled(byte b) {
        byte[] bytes = new byte[32];
        Arrays.fill(bytes, b);
        return bytes;
    }
}
