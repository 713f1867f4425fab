package org.vitrine.storage;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * ChecksummedInputStream hashes a whole blob as it is read and refuses it when it does not match the SHA-256
 * stored with it. The check happens on the read that would deliver the blob's last bytes, which then fails
 * instead: a reader (a web response, a copy) never receives a corrupted blob whole, so it cannot take it as good.
 * A blob shorter or longer than its stated size fails the same way.
 */
public final class ChecksummedInputStream extends FilterInputStream {
    private final MessageDigest digest = sha256();
    private final long size;
    private final String expected;
    private final String key;
    private long read;
    private boolean checked;

    public ChecksummedInputStream(InputStream in, long size, String expectedSha256, String key) {
        super(in);
        this.size = size;
        this.expected = expectedSha256;
        this.key = key;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n < 0) {
            if (read != size) {
                throw corrupt("it ended after " + read + " of " + size + " bytes");
            }
            check();
            return -1;
        }
        digest.update(buffer, offset, n);
        read += n;
        if (read > size) {
            throw corrupt("it is longer than its " + size + " bytes");
        }
        if (read == size) {
            check();
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Skipped bytes would not be hashed: read them instead.
        long skipped = 0;
        byte[] buffer = new byte[8192];
        while (skipped < n) {
            int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void check() throws StorageException {
        if (checked) {
            return;
        }
        checked = true;
        String actual = HexFormat.of().formatHex(digest.digest());
        if (!actual.equals(expected)) {
            throw corrupt("its content does not match the SHA-256 stored with it");
        }
    }

    private StorageException corrupt(String why) {
        return new StorageException(StorageException.Problem.CORRUPT, "storage corrupt: blob " + key + " was "
                + "refused on reading: " + why, null);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
