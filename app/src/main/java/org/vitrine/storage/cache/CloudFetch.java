package org.vitrine.storage.cache;

import org.vitrine.storage.BlobRange;
import org.vitrine.storage.BlobStore;
import org.vitrine.storage.StorageException;
import org.vitrine.storage.StorageException.Problem;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;

/**
 * CloudFetch is one download of a blob from the cloud into the cache. Readers do not wait for its end: each reads
 * the growing file up to what has arrived, so the first bytes go to the browser while the rest still come, and
 * several requests for the same blob share one download. A reader that sees no new bytes for the stall time gives
 * up with an error instead of holding its thread for as long as the cloud takes.
 */
final class CloudFetch implements Runnable {
    private final String key;
    private final BlobStore cloud;
    private final BlobCache cache;
    private final Optional<String> expectedSha256;
    private final Runnable finished;
    private final Path temp;

    // Guarded by this; readers wait on it for more bytes.
    private Path file;
    private long written;
    private boolean answered;
    private boolean missing;
    private boolean done;
    private IOException failure;

    /**
     * @param expectedSha256 the content's checksum when known (an original's key is its SHA-256): a copy that
     *                       does not match is refused, not cached
     * @param finished       run once the fetch is over, whatever its outcome
     */
    CloudFetch(String key, BlobStore cloud, BlobCache cache, Optional<String> expectedSha256, Runnable finished)
            throws StorageException {
        this.key = key;
        this.cloud = cloud;
        this.cache = cache;
        this.expectedSha256 = expectedSha256;
        this.finished = finished;
        this.temp = cache.newTempFile();
        this.file = temp;
    }

    @Override
    public void run() {
        try {
            download();
        } catch (IOException | RuntimeException e) {
            deleteTemp();
            synchronized (this) {
                failure = e instanceof IOException io ? io
                        : new StorageException(Problem.UNAVAILABLE, "storage unavailable: could not fetch " + key
                        + " from the cloud (" + e + ")", e);
                answered = true;
                notifyAll();
            }
        } finally {
            finished.run();
        }
    }

    private void download() throws IOException {
        Optional<InputStream> opened = cloud.open(key);
        if (opened.isEmpty()) {
            deleteTemp();
            synchronized (this) {
                missing = true;
                answered = true;
                notifyAll();
            }
            return;
        }
        synchronized (this) {
            answered = true;
            notifyAll();
        }
        MessageDigest digest = sha256();
        try (InputStream in = opened.get(); FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(ByteBuffer.wrap(buffer, 0, n));
                digest.update(buffer, 0, n);
                synchronized (this) {
                    written += n;
                    notifyAll();
                }
            }
            // Whole on disk before it is named as the blob: a crash must not leave a short copy under the key.
            out.force(false);
        } catch (IOException e) {
            throw new StorageException(Problem.UNAVAILABLE, "storage unavailable: the cloud stopped sending " + key
                    + " (" + e + ")", e);
        }
        String sha = HexFormat.of().formatHex(digest.digest());
        if (expectedSha256.isPresent() && !expectedSha256.get().equals(sha)) {
            throw new StorageException(Problem.CORRUPT, "storage corrupt: the cloud's copy of " + key
                    + " does not match its checksum; it was not used", null);
        }
        synchronized (this) {
            // Under the lock: a reader opening the file now finds it at its new place.
            file = cache.admit(key, temp, written);
            done = true;
            notifyAll();
        }
    }

    /** Waits until the cloud answered; false when it has no such blob. Throws when it failed or was too slow. */
    synchronized boolean awaitAnswer(Duration timeout) throws StorageException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!answered) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw timedOut(timeout);
            }
            waitNanos(left);
        }
        if (failure != null) {
            throw StorageException.of("fetch " + key, failure, null);
        }
        return !missing;
    }

    /** Whether the blob arrived whole. */
    synchronized boolean done() {
        return done;
    }

    /** A stream of the range as it arrives; throws when the cloud stops sending for {@code stall}. */
    synchronized InputStream reader(BlobRange range, Duration stall) throws StorageException {
        try {
            return new Follower(FileChannel.open(file, StandardOpenOption.READ), range, stall);
        } catch (IOException e) {
            throw StorageException.of("read the cached " + key, e, file);
        }
    }

    private StorageException timedOut(Duration timeout) {
        return new StorageException(Problem.UNAVAILABLE, "storage unavailable: the cloud store did not answer "
                + "within " + timeout.toSeconds() + " s for " + key,
                new java.util.concurrent.TimeoutException(timeout.toString()));
    }

    private void waitNanos(long nanos) throws StorageException {
        try {
            wait(Math.max(1, nanos / 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException(Problem.UNAVAILABLE, "storage unavailable: interrupted while waiting for "
                    + key, e);
        }
    }

    private void deleteTemp() {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // removed at the next start
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Follower reads the fetched file from its own position, waiting for bytes that have not arrived yet. */
    private final class Follower extends InputStream {
        private final FileChannel channel;
        private final Duration stall;
        private long position;
        private long remaining;

        Follower(FileChannel channel, BlobRange range, Duration stall) {
            this.channel = channel;
            this.stall = stall;
            this.position = range.offset();
            this.remaining = range.length();
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            if (remaining <= 0) {
                return -1;
            }
            long available = awaitBytesAt(position);
            if (available <= 0) {
                return -1;
            }
            int n = channel.read(ByteBuffer.wrap(buffer, offset, (int) Math.min(length,
                    Math.min(available, remaining))), position);
            if (n > 0) {
                position += n;
                remaining -= n;
            }
            return n;
        }

        /** How many bytes can be read at the position; 0 at the end of the blob. */
        private long awaitBytesAt(long at) throws IOException {
            synchronized (CloudFetch.this) {
                long lastWritten = written;
                long deadline = System.nanoTime() + stall.toNanos();
                while (written <= at && !done && failure == null) {
                    long left = deadline - System.nanoTime();
                    if (written != lastWritten) {
                        lastWritten = written;
                        deadline = System.nanoTime() + stall.toNanos();
                    } else if (left <= 0) {
                        throw new StorageException(Problem.UNAVAILABLE, "storage unavailable: the cloud store sent "
                                + "nothing for " + stall.toSeconds() + " s while " + key + " was read",
                                new java.util.concurrent.TimeoutException(stall.toString()));
                    }
                    waitNanos(Math.max(left, 1_000_000));
                }
                if (failure != null) {
                    throw failure;
                }
                return written - at;
            }
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
