package org.vitrine.storage;

import org.junit.jupiter.api.Test;
import org.vitrine.config.Config;
import org.vitrine.testing.TestApp;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A whole read is checked against the blob's stored SHA-256, and a mismatch never reaches the reader whole. */
class ChecksummedInputStreamTest {
    private static final byte[] DATA = "the original bytes of a photo, as uploaded".getBytes();

    @Test
    void matching_bytes_read_through_to_the_end() throws IOException {
        try (InputStream in = checked(DATA.clone())) {
            assertThat(in.readAllBytes()).isEqualTo(DATA);
        }
    }

    @Test
    void a_changed_byte_fails_the_read_that_would_deliver_the_last_bytes_as_corrupt() {
        byte[] changed = DATA.clone();
        changed[3] ^= 0x20;
        InputStream in = checked(changed);
        byte[] received = new byte[DATA.length];
        int got = 0;
        try {
            for (int n; got < received.length && (n = in.read(received, got, Math.min(8, received.length - got))) > 0; ) {
                got += n;
            }
        } catch (IOException e) {
            assertThat(e).isInstanceOfSatisfying(StorageException.class,
                    s -> assertThat(s.problem()).isEqualTo(StorageException.Problem.CORRUPT));
        }
        assertThat(got).as("bytes delivered before the refusal").isLessThan(DATA.length);
    }

    @Test
    void a_short_blob_is_corrupt_too() {
        byte[] shorter = java.util.Arrays.copyOf(DATA, DATA.length - 1);
        InputStream in = new ChecksummedInputStream(new ByteArrayInputStream(shorter), DATA.length, sha256(DATA),
                "originals/ab/x.jpg");
        assertThatThrownBy(in::readAllBytes).isInstanceOfSatisfying(StorageException.class,
                e -> assertThat(e.problem()).isEqualTo(StorageException.Problem.CORRUPT));
    }

    @Test
    void a_mirror_beside_a_cloud_primary_store_is_a_clear_configuration_error(@org.junit.jupiter.api.io.TempDir Path dir) {
        Config config = TestApp.config(dir, Map.of("VITRINE_STORAGE", "s3", "VITRINE_MIRROR", "azure"));

        assertThatThrownBy(() -> BlobStores.mirror(config)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("VITRINE_MIRROR=azure").hasMessageContaining("VITRINE_STORAGE=s3");
        assertThat(BlobStores.mirror(TestApp.config(dir))).isEmpty();
    }

    private static InputStream checked(byte[] content) {
        return new ChecksummedInputStream(new ByteArrayInputStream(content), DATA.length, sha256(DATA),
                "originals/ab/x.jpg");
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
