package org.vitrine.storage;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * BlobStoreContract is what every {@link BlobStore} must do, whatever keeps the bytes: the local disk, S3 or
 * Azure (their tests extend this class and say how to make an empty store).
 */
public abstract class BlobStoreContract {
    @TempDir
    protected Path dir;

    protected BlobStore store;

    /** An empty store; {@code dir} is a fresh temporary folder it may use. */
    protected abstract BlobStore newStore(Path dir) throws IOException;

    @BeforeEach
    void openStore() throws IOException {
        store = newStore(dir);
    }

    @Test
    void stored_bytes_come_back_unchanged_with_their_size() throws IOException {
        byte[] data = bytes(100_000, 1);
        store.put("originals/ab/one.jpg", new ByteArrayInputStream(data));

        assertThat(read(store.open("originals/ab/one.jpg").orElseThrow())).isEqualTo(data);
        var info = store.stat("originals/ab/one.jpg").orElseThrow();
        assertThat(info.key()).isEqualTo("originals/ab/one.jpg");
        assertThat(info.size()).isEqualTo(data.length);
        assertThat(info.lastModified()).isPositive();
    }

    @Test
    void an_empty_blob_is_a_blob() throws IOException {
        store.put("originals/ab/empty.jpg", InputStream.nullInputStream());

        assertThat(store.stat("originals/ab/empty.jpg").orElseThrow().size()).isZero();
        assertThat(read(store.open("originals/ab/empty.jpg").orElseThrow())).isEmpty();
    }

    @Test
    void a_range_gives_exactly_its_bytes_and_is_cut_at_the_end() throws IOException {
        byte[] data = bytes(10_000, 2);
        store.put("derivatives/7/320-aa.jpg", new ByteArrayInputStream(data));
        String key = "derivatives/7/320-aa.jpg";

        assertThat(range(key, 0, 1)).containsExactly(data[0]);
        assertThat(range(key, 4_000, 1_000)).isEqualTo(Arrays.copyOfRange(data, 4_000, 5_000));
        assertThat(range(key, 9_999, 1)).containsExactly(data[9_999]);
        assertThat(read(store.open(key, BlobRange.inclusive(9_990, 9_999)).orElseThrow()))
                .isEqualTo(Arrays.copyOfRange(data, 9_990, 10_000));
        assertThat(range(key, 9_500, 5_000)).as("past the end: cut at the end")
                .isEqualTo(Arrays.copyOfRange(data, 9_500, 10_000));
        assertThat(range(key, 10_000, 10)).as("starting at the end").isEmpty();
        assertThat(range(key, 50_000, 10)).as("starting after the end").isEmpty();
        assertThat(range(key, 0, 0)).isEmpty();
    }

    @Test
    void a_missing_key_is_an_empty_answer_not_an_error() throws IOException {
        assertThat(store.open("originals/cd/none.jpg")).isEmpty();
        assertThat(store.open("originals/cd/none.jpg", new BlobRange(5, 10))).isEmpty();
        assertThat(store.stat("originals/cd/none.jpg")).isEmpty();
        try (var listed = store.list("originals/cd/")) {
            assertThat(listed).isEmpty();
        }
        store.delete("originals/cd/none.jpg");
        assertThatThrownBy(() -> store.localCopy("originals/cd/none.jpg", dir.resolve("scratch")))
                .isInstanceOfSatisfying(StorageException.class,
                        e -> assertThat(e.problem()).isEqualTo(StorageException.Problem.MISSING));
    }

    @Test
    void listing_a_prefix_finds_every_blob_under_it_and_nothing_else() throws IOException {
        for (String key : List.of("originals/aa/1.jpg", "originals/aa/2.png", "originals/ab/3.jpg",
                "derivatives/1/320-aa.jpg", "derivatives/12/320-bb.jpg")) {
            store.put(key, new ByteArrayInputStream(bytes(10, key.hashCode())));
        }

        assertThat(keys("originals/aa/")).containsExactlyInAnyOrder("originals/aa/1.jpg", "originals/aa/2.png");
        assertThat(keys("originals/")).containsExactlyInAnyOrder("originals/aa/1.jpg", "originals/aa/2.png",
                "originals/ab/3.jpg");
        assertThat(keys("originals/a")).as("a plain string prefix, as in S3").hasSize(3);
        assertThat(keys("derivatives/1/")).containsExactly("derivatives/1/320-aa.jpg");
        assertThat(keys("derivatives/1")).containsExactlyInAnyOrder("derivatives/1/320-aa.jpg",
                "derivatives/12/320-bb.jpg");
        try (var listed = store.list("originals/aa/")) {
            assertThat(listed.filter(b -> b.key().endsWith("1.jpg")).findFirst().orElseThrow().size()).isEqualTo(10);
        }
    }

    @Test
    void deleting_removes_the_blob_and_deleting_again_does_nothing() throws IOException {
        store.put("derivatives/5/640-cc.jpg", new ByteArrayInputStream(bytes(100, 3)));
        store.put("derivatives/5/320-cc.jpg", new ByteArrayInputStream(bytes(100, 4)));

        store.delete("derivatives/5/640-cc.jpg");
        store.delete("derivatives/5/640-cc.jpg");

        assertThat(store.stat("derivatives/5/640-cc.jpg")).isEmpty();
        assertThat(store.open("derivatives/5/640-cc.jpg")).isEmpty();
        assertThat(keys("derivatives/")).containsExactly("derivatives/5/320-cc.jpg");
        store.delete("derivatives/5/320-cc.jpg");
        assertThat(keys("derivatives/")).isEmpty();
        store.put("derivatives/5/320-cc.jpg", new ByteArrayInputStream(bytes(7, 4)));
        assertThat(store.stat("derivatives/5/320-cc.jpg").orElseThrow().size()).isEqualTo(7);
    }

    @Test
    void a_large_blob_streams_through_without_being_held_in_memory() throws Exception {
        long size = 48L * 1024 * 1024;
        // A first blob larger than any store's part size: a cloud SDK loads and links its classes on first use,
        // a one-time cost that is not the blob and is left out of what is measured.
        store.put("originals/ee/warm-up.tif", new GeneratedStream(12L * 1024 * 1024, 4));
        store.delete("originals/ee/warm-up.tif");
        long allocatedBefore = allocatedByThisThread();
        store.put("originals/ee/large.tif", new GeneratedStream(size, 5));
        long allocatedByPut = allocatedByThisThread() - allocatedBefore;

        assertThat(store.stat("originals/ee/large.tif").orElseThrow().size()).isEqualTo(size);
        allocatedBefore = allocatedByThisThread();
        byte[] digest;
        try (InputStream in = store.open("originals/ee/large.tif").orElseThrow()) {
            digest = sha256(in);
        }
        long allocatedByRead = allocatedByThisThread() - allocatedBefore;
        assertThat(digest).isEqualTo(sha256(new GeneratedStream(size, 5)));
        // A store that buffered the blob would allocate at least its 48 MB.
        assertThat(allocatedByPut).as("bytes allocated while storing 48 MB").isLessThan(8L * 1024 * 1024);
        assertThat(allocatedByRead).as("bytes allocated while reading 48 MB").isLessThan(8L * 1024 * 1024);
        try (InputStream tail = store.open("originals/ee/large.tif", new BlobRange(size - 1000, 1000)).orElseThrow()) {
            byte[] expected = new GeneratedStream(size, 5).skipThenRead(size - 1000, 1000);
            assertThat(read(tail)).isEqualTo(expected);
        }
    }

    @Test
    void replacing_a_blob_is_atomic_for_readers() throws IOException {
        byte[] first = bytes(200_000, 6);
        byte[] second = bytes(150_000, 7);
        store.put("originals/ff/photo.jpg", new ByteArrayInputStream(first));
        try (InputStream reading = store.open("originals/ff/photo.jpg").orElseThrow()) {
            byte[] start = reading.readNBytes(1000);
            store.put("originals/ff/photo.jpg", new ByteArrayInputStream(second));
            byte[] rest = reading.readAllBytes();
            byte[] seen = new byte[start.length + rest.length];
            System.arraycopy(start, 0, seen, 0, start.length);
            System.arraycopy(rest, 0, seen, start.length, rest.length);
            assertThat(seen).as("a reader that started on the old blob reads all of it").isEqualTo(first);
        }
        assertThat(read(store.open("originals/ff/photo.jpg").orElseThrow())).isEqualTo(second);
        assertThat(keys("originals/")).containsExactly("originals/ff/photo.jpg");
    }

    @Test
    void a_put_that_fails_halfway_leaves_the_previous_blob_and_no_partial_one() throws IOException {
        byte[] first = bytes(5_000, 8);
        store.put("originals/ff/kept.jpg", new ByteArrayInputStream(first));
        InputStream failing = new InputStream() {
            int served;

            @Override
            public int read() throws IOException {
                if (served++ > 3_000) {
                    throw new IOException("the sender went away");
                }
                return 42;
            }
        };

        assertThatThrownBy(() -> store.put("originals/ff/kept.jpg", failing)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> store.put("originals/ff/new.jpg", failing)).isInstanceOf(IOException.class);

        assertThat(read(store.open("originals/ff/kept.jpg").orElseThrow())).isEqualTo(first);
        assertThat(store.stat("originals/ff/new.jpg")).isEmpty();
        assertThat(keys("originals/")).containsExactly("originals/ff/kept.jpg");
    }

    @Test
    void concurrent_puts_of_one_key_leave_exactly_one_of_them_whole() throws Exception {
        int writers = 8;
        List<byte[]> versions = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            versions.add(bytes(300_000 + i * 1000, 100 + i));
        }
        var start = new CyclicBarrier(writers);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (byte[] version : versions) {
                done.add(pool.submit(() -> {
                    start.await();
                    store.put("originals/99/same.jpg", new ByteArrayInputStream(version));
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }

        byte[] stored = read(store.open("originals/99/same.jpg").orElseThrow());
        assertThat(versions).anySatisfy(v -> assertThat(stored).isEqualTo(v));
        assertThat(keys("originals/")).containsExactly("originals/99/same.jpg");
    }

    /** Whether the store keeps the checksum given with a put (the cloud stores do; the local disk does not). */
    protected boolean keepsChecksums() {
        return true;
    }

    @Test
    void the_checksum_given_with_a_put_comes_back_from_stat_for_small_and_multipart_blobs() throws Exception {
        byte[] small = bytes(1_000, 21);
        store.put("originals/cc/small.jpg", new ByteArrayInputStream(small), Optional.of(sha256Hex(small)));
        long largeSize = 9L * 1024 * 1024; // above every store's part or block size
        String largeSha = HexFormat.of().formatHex(sha256(new GeneratedStream(largeSize, 22)));
        store.put("originals/cc/large.tif", new GeneratedStream(largeSize, 22), Optional.of(largeSha));

        var smallInfo = store.stat("originals/cc/small.jpg").orElseThrow();
        var largeInfo = store.stat("originals/cc/large.tif").orElseThrow();
        if (keepsChecksums()) {
            assertThat(smallInfo.sha256()).contains(sha256Hex(small));
            assertThat(largeInfo.sha256()).contains(largeSha);
        } else {
            assertThat(smallInfo.sha256()).isEmpty();
            assertThat(largeInfo.sha256()).isEmpty();
        }
        assertThat(read(store.open("originals/cc/small.jpg").orElseThrow())).isEqualTo(small);
        assertThat(largeInfo.size()).isEqualTo(largeSize);
        assertThat(keys("originals/")).as("the checksum is no blob of its own")
                .containsExactlyInAnyOrder("originals/cc/small.jpg", "originals/cc/large.tif");
    }

    @Test
    void a_blob_replaced_without_a_checksum_keeps_none_of_the_old_one() throws Exception {
        byte[] first = bytes(500, 23);
        store.put("originals/cc/again.jpg", new ByteArrayInputStream(first), Optional.of(sha256Hex(first)));
        store.put("originals/cc/again.jpg", new ByteArrayInputStream(bytes(400, 24)));

        var info = store.stat("originals/cc/again.jpg").orElseThrow();
        assertThat(info.size()).isEqualTo(400);
        assertThat(info.sha256()).as("a stale checksum would call the new bytes corrupt").isEmpty();
    }

    @Test
    void a_malformed_checksum_is_refused_and_nothing_is_stored() throws IOException {
        for (String bad : List.of("ABC", "G".repeat(64), "A".repeat(64), "a".repeat(63))) {
            assertThatThrownBy(() -> store.put("originals/cc/bad.jpg", new ByteArrayInputStream(bytes(10, 25)),
                    Optional.of(bad))).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(store.stat("originals/cc/bad.jpg")).isEmpty();
    }

    @Test
    void a_direct_url_when_offered_is_absolute() throws IOException {
        store.put("derivatives/3/320-dd.jpg", new ByteArrayInputStream(bytes(10, 9)));

        store.url("derivatives/3/320-dd.jpg", Duration.ofMinutes(5))
                .ifPresent(url -> assertThat(url.isAbsolute()).as(url.toString()).isTrue());
    }

    private byte[] range(String key, long offset, long length) throws IOException {
        return read(store.open(key, new BlobRange(offset, length)).orElseThrow());
    }

    private List<String> keys(String prefix) throws IOException {
        try (var listed = store.list(prefix)) {
            return listed.map(BlobStore.BlobInfo::key).toList();
        }
    }

    protected static byte[] read(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    protected static byte[] bytes(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    private static String sha256Hex(byte[] data) throws Exception {
        return HexFormat.of().formatHex(sha256(new ByteArrayInputStream(data)));
    }

    private static byte[] sha256(InputStream in) throws Exception {
        var digest = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = in.read(buffer)) > 0; ) {
            digest.update(buffer, 0, n);
        }
        return digest.digest();
    }

    private static long allocatedByThisThread() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        return threads.getCurrentThreadAllocatedBytes();
    }

    /** GeneratedStream gives a long, reproducible run of bytes without ever holding them. */
    public static final class GeneratedStream extends InputStream {
        private final long size;
        private long position;
        private long state;

        public GeneratedStream(long size, long seed) {
            this.size = size;
            this.state = seed;
        }

        @Override
        public int read() {
            if (position >= size) {
                return -1;
            }
            return next() & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (position >= size) {
                return -1;
            }
            int n = (int) Math.min(length, size - position);
            for (int i = 0; i < n; i++) {
                buffer[offset + i] = (byte) next();
            }
            return n;
        }

        private int next() {
            position++;
            state = state * 6364136223846793005L + 1442695040888963407L;
            return (int) (state >>> 33);
        }

        byte[] skipThenRead(long skip, int length) throws IOException {
            byte[] buffer = new byte[64 * 1024];
            for (long left = skip; left > 0; ) {
                left -= read(buffer, 0, (int) Math.min(buffer.length, left));
            }
            return readNBytes(length);
        }
    }
}
