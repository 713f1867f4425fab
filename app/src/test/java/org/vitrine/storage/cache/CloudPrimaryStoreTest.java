package org.vitrine.storage.cache;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitrine.storage.BlobKeys;
import org.vitrine.storage.BlobRange;
import org.vitrine.storage.BlobStore;
import org.vitrine.storage.BlobStoreContract;
import org.vitrine.storage.StorageException;
import org.vitrine.storage.s3.S3BlobStore;
import org.vitrine.storage.s3.S3Location;
import org.vitrine.testing.ForwardingBlobStore;
import org.vitrine.testing.S3Proxy;
import org.vitrine.testing.SlowTcpProxy;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The cloud-primary store passes the blob store contract with s3proxy (a real S3 API server in its own process)
 * behind it, its uploads sent at once; the other tests hold uploads back, as a cloud that is down would, and look
 * at the spool, the cache and a slow cloud.
 */
class CloudPrimaryStoreTest extends BlobStoreContract {
    private static final String BUCKET = "vitrine-primary";
    private static final AtomicInteger prefixes = new AtomicInteger();
    @TempDir
    static Path emulatorDir;
    private static S3Proxy s3proxy;

    private final List<String> queued = new ArrayList<>();
    private final List<AutoCloseable> opened = new ArrayList<>();

    @BeforeAll
    static void startEmulator() {
        s3proxy = S3Proxy.start(emulatorDir);
        try (S3Client admin = S3Client.builder().httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(S3Proxy.REGION)).endpointOverride(s3proxy.endpoint()).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(S3Proxy.IDENTITY, S3Proxy.CREDENTIAL))).build()) {
            admin.createBucket(b -> b.bucket(BUCKET));
        }
    }

    @AfterAll
    static void stopEmulator() {
        if (s3proxy != null) {
            s3proxy.close();
        }
    }

    @AfterEach
    void closeStores() throws Exception {
        for (AutoCloseable c : opened) {
            c.close();
        }
    }

    /** For the contract: every put is sent at once, as the upload job would when the cloud is up. */
    @Override
    protected BlobStore newStore(Path dir) throws IOException {
        CloudPrimaryStore[] self = new CloudPrimaryStore[1];
        self[0] = open(dir.resolve("local"), cloud(s3proxy.endpoint(), "contract-" + prefixes.incrementAndGet()),
                1L << 30, key -> {
                    try {
                        self[0].send(key);
                    } catch (StorageException e) {
                        // left in the spool, as a job would leave it to be retried
                    }
                }, Duration.ofSeconds(10));
        return self[0];
    }

    /**
     * A stat answers from the spool or the cache when they hold the blob, and local copies keep no checksum: the
     * checksum is in the cloud (checked in the spool test below), where {@code vitrine storage verify} reads it.
     */
    @Override
    protected boolean keepsChecksums() {
        return false;
    }

    private CloudPrimaryStore open(Path local, S3BlobStore cloud, long cacheSize, CloudPrimaryStore.SendLater sender,
                                   Duration wait) throws IOException {
        var store = new CloudPrimaryStore(cloud, local, cacheSize, sender, wait);
        opened.add(store);
        return store;
    }

    private S3BlobStore cloud(URI endpoint, String prefix) {
        var cloud = new S3BlobStore(new S3Location(endpoint, S3Proxy.REGION, BUCKET, prefix, true),
                S3Proxy.IDENTITY, S3Proxy.CREDENTIAL);
        opened.add(cloud);
        return cloud;
    }

    /** A store whose uploads wait in the spool until the test sends them. */
    private CloudPrimaryStore held(S3BlobStore cloud, long cacheSize) throws IOException {
        return open(dir.resolve("held-" + prefixes.incrementAndGet()), cloud, cacheSize, queued::add,
                Duration.ofSeconds(10));
    }

    @Test
    void a_spooled_blob_is_readable_before_it_is_sent_and_moves_to_the_cache_once_sent() throws Exception {
        var cloud = cloud(s3proxy.endpoint(), "spool-" + prefixes.incrementAndGet());
        var primary = held(cloud, 1L << 20);
        byte[] data = bytes(20_000, 1);
        String key = BlobKeys.original(sha256Hex(data), "jpg");

        primary.put(key, new ByteArrayInputStream(data));

        assertThat(queued).containsExactly(key);
        assertThat(cloud.stat(key)).isEmpty();
        assertThat(read(primary.open(key).orElseThrow())).isEqualTo(data);
        assertThat(read(primary.open(key, new BlobRange(100, 10)).orElseThrow())).hasSize(10);
        assertThat(primary.url(key, Duration.ofMinutes(5))).as("no signed URL to a blob the cloud has not got")
                .isEmpty();
        assertThat(Files.readAllBytes(primary.localCopy(key, dir.resolve("scratch")))).isEqualTo(data);
        try (var spooled = primary.spooled()) {
            assertThat(spooled.toList()).containsExactly(key);
        }

        primary.send(key);

        assertThat(cloud.stat(key).orElseThrow().sha256()).hasValue(sha256Hex(data));
        try (var spooled = primary.spooled()) {
            assertThat(spooled.toList()).isEmpty();
        }
        assertThat(primary.localFile(key)).isPresent();
        assertThat(read(primary.open(key).orElseThrow())).isEqualTo(data);
        assertThat(primary.cacheStats().misses()).as("read from the cache, not fetched").isZero();
        assertThat(primary.url(key, Duration.ofMinutes(5))).isPresent();
        primary.send(key); // a job run twice (its worker died) finds nothing left to send
    }

    @Test
    void a_blob_only_in_the_cloud_is_fetched_once_into_the_cache_and_then_served_from_it() throws Exception {
        var cloud = cloud(s3proxy.endpoint(), "fetch-" + prefixes.incrementAndGet());
        byte[] data = bytes(300_000, 2);
        cloud.put("derivatives/5/1280-aa.jpg", new ByteArrayInputStream(data));
        var primary = held(cloud, 1L << 20);

        assertThat(primary.localFile("derivatives/5/1280-aa.jpg")).isEmpty();
        assertThat(read(primary.open("derivatives/5/1280-aa.jpg", new BlobRange(1000, 500)).orElseThrow()))
                .containsExactly(java.util.Arrays.copyOfRange(data, 1000, 1500));
        Path cached = org.vitrine.testing.Eventually.value("the fetch to finish",
                () -> primary.localFile("derivatives/5/1280-aa.jpg"));
        assertThat(Files.readAllBytes(cached)).isEqualTo(data);
        assertThat(read(primary.open("derivatives/5/1280-aa.jpg").orElseThrow())).isEqualTo(data);

        var stats = primary.cacheStats();
        assertThat(stats.misses()).isEqualTo(1);
        assertThat(stats.hits()).isPositive();
        assertThat(stats.bytes()).isEqualTo(data.length);
        assertThat(primary.open("derivatives/5/1280-none.jpg")).isEmpty();
    }

    @Test
    void the_least_recently_used_blobs_are_evicted_to_keep_the_cache_within_its_size() throws Exception {
        var cloud = cloud(s3proxy.endpoint(), "lru-" + prefixes.incrementAndGet());
        for (String name : List.of("a", "b", "c")) {
            cloud.put("derivatives/6/320-" + name + ".jpg", new ByteArrayInputStream(bytes(10_000, name.hashCode())));
        }
        var primary = held(cloud, 25_000);

        read(primary.open("derivatives/6/320-a.jpg").orElseThrow());
        read(primary.open("derivatives/6/320-b.jpg").orElseThrow());
        assertThat(primary.localFile("derivatives/6/320-a.jpg")).as("a used again, so b is now the oldest")
                .isPresent();
        read(primary.open("derivatives/6/320-c.jpg").orElseThrow());

        assertThat(primary.localFile("derivatives/6/320-b.jpg")).isEmpty();
        assertThat(primary.localFile("derivatives/6/320-a.jpg")).isPresent();
        assertThat(primary.localFile("derivatives/6/320-c.jpg")).isPresent();
        assertThat(primary.cacheStats().bytes()).isLessThanOrEqualTo(25_000);
        assertThat(primary.cacheStats().evictions()).isEqualTo(1);
        assertThat(read(primary.open("derivatives/6/320-b.jpg").orElseThrow())).as("evicted, not lost")
                .isEqualTo(bytes(10_000, "b".hashCode()));
    }

    @Test
    void a_blob_larger_than_the_whole_cache_is_still_served_and_copied_but_not_kept() throws Exception {
        var cloud = cloud(s3proxy.endpoint(), "large-" + prefixes.incrementAndGet());
        byte[] data = bytes(60_000, 10);
        String key = BlobKeys.original(sha256Hex(data), "tif");
        cloud.put(key, new ByteArrayInputStream(data));
        var primary = held(cloud, 20_000);

        assertThat(read(primary.open(key).orElseThrow())).isEqualTo(data);
        assertThat(Files.readAllBytes(primary.localCopy(key, dir.resolve("scratch")))).isEqualTo(data);
        assertThat(read(primary.open(key, new BlobRange(59_990, 100)).orElseThrow())).hasSize(10);
        assertThat(primary.cacheStats().bytes()).isLessThanOrEqualTo(20_000);
    }

    @Test
    void a_cached_copy_cut_short_is_not_used_but_fetched_again() throws Exception {
        var cloud = cloud(s3proxy.endpoint(), "short-" + prefixes.incrementAndGet());
        byte[] data = bytes(50_000, 3);
        cloud.put("derivatives/7/640-aa.jpg", new ByteArrayInputStream(data));
        var primary = held(cloud, 1L << 20);
        read(primary.open("derivatives/7/640-aa.jpg").orElseThrow());
        Path cached = primary.localFile("derivatives/7/640-aa.jpg").orElseThrow();

        try (var channel = java.nio.channels.FileChannel.open(cached, java.nio.file.StandardOpenOption.WRITE)) {
            channel.truncate(1000);
        }

        assertThat(primary.localFile("derivatives/7/640-aa.jpg")).isEmpty();
        assertThat(read(primary.open("derivatives/7/640-aa.jpg").orElseThrow())).isEqualTo(data);
    }

    @Test
    void an_original_whose_cloud_copy_does_not_match_its_checksum_is_refused_and_not_cached() throws Exception {
        var cloud = cloud(s3proxy.endpoint(), "corrupt-" + prefixes.incrementAndGet());
        byte[] data = bytes(40_000, 4);
        String key = BlobKeys.original(sha256Hex(data), "jpg");
        byte[] corrupt = data.clone();
        corrupt[20_000] ^= 1;
        cloud.put(key, new ByteArrayInputStream(corrupt));
        var primary = held(cloud, 1L << 20);

        assertThatThrownBy(() -> read(primary.open(key).orElseThrow())).isInstanceOf(IOException.class)
                .hasMessageContaining("does not match its checksum");
        assertThat(primary.localFile(key)).isEmpty();
    }

    @Test
    void a_cloud_that_stops_answering_fails_uncached_reads_quickly_and_cached_ones_are_not_slowed()
            throws Exception {
        try (var slow = SlowTcpProxy.to(s3proxy.endpoint())) {
            var cloud = cloud(slow.endpoint(), "slow-" + prefixes.incrementAndGet());
            cloud.put("derivatives/8/320-cached.jpg", new ByteArrayInputStream(bytes(5_000, 5)));
            cloud.put("derivatives/8/320-cold.jpg", new ByteArrayInputStream(bytes(5_000, 6)));
            var primary = open(dir.resolve("slow"), cloud, 1L << 20, queued::add, Duration.ofSeconds(1));
            read(primary.open("derivatives/8/320-cached.jpg").orElseThrow());

            slow.delay(Duration.ofMinutes(5));

            long start = System.nanoTime();
            assertThat(read(primary.open("derivatives/8/320-cached.jpg").orElseThrow())).hasSize(5_000);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));

            start = System.nanoTime();
            assertThatThrownBy(() -> read(primary.open("derivatives/8/320-cold.jpg").orElseThrow()))
                    .isInstanceOfSatisfying(StorageException.class,
                            e -> assertThat(e.getCause()).isInstanceOf(TimeoutException.class));
            assertThatThrownBy(() -> primary.stat("derivatives/8/320-other.jpg"))
                    .isInstanceOfSatisfying(StorageException.class,
                            e -> assertThat(e.getCause()).isInstanceOf(TimeoutException.class));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("two waits of 1 s, not the client's minute")
                    .isLessThan(Duration.ofSeconds(5));

            primary.put("derivatives/8/320-new.jpg", new ByteArrayInputStream(bytes(5_000, 7)));
            assertThat(read(primary.open("derivatives/8/320-new.jpg").orElseThrow())).as("a write is not slowed")
                    .hasSize(5_000);
        }
    }

    @Test
    void a_blob_replaced_while_it_was_sent_stays_spooled_with_its_new_content() throws Exception {
        var cloud = cloud(s3proxy.endpoint(), "replaced-" + prefixes.incrementAndGet());
        CloudPrimaryStore[] self = new CloudPrimaryStore[1];
        byte[] newer = bytes(8_000, 9);
        var replacingCloud = new ForwardingBlobStore(cloud) {
            @Override
            public void put(String key, Path file, Optional<String> sha256) throws StorageException {
                super.put(key, file, sha256);
                self[0].put(key, new ByteArrayInputStream(newer)); // a new put lands while this one is sent
            }
        };
        self[0] = new CloudPrimaryStore(replacingCloud, dir.resolve("replaced"), 1L << 20, queued::add,
                Duration.ofSeconds(10));
        self[0].put("derivatives/9/320-x.jpg", new ByteArrayInputStream(bytes(8_000, 8)));

        assertThatThrownBy(() -> self[0].send("derivatives/9/320-x.jpg")).isInstanceOf(StorageException.class)
                .hasMessageContaining("replaced while it was sent");

        assertThat(read(self[0].open("derivatives/9/320-x.jpg").orElseThrow())).isEqualTo(newer);
        try (var spooled = self[0].spooled()) {
            assertThat(spooled.toList()).containsExactly("derivatives/9/320-x.jpg");
        }
    }

    static String sha256Hex(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}
