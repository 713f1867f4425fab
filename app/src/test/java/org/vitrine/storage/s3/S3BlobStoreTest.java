package org.vitrine.storage.s3;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitrine.storage.BlobStore;
import org.vitrine.storage.BlobStoreContract;
import org.vitrine.storage.StorageException;
import org.vitrine.App;
import org.vitrine.album.Album;
import org.vitrine.access.Visibility;
import org.vitrine.photo.PhotoStatus;
import org.vitrine.storage.BlobKeys;
import org.vitrine.testing.Eventually;
import org.vitrine.testing.Fixtures;
import org.vitrine.testing.GeneratedPhotos;
import org.vitrine.testing.HttpSession;
import org.vitrine.testing.S3Proxy;
import org.vitrine.testing.TestApp;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The S3 store passes the blob store contract against s3proxy, a real S3 API server in its own process. */
class S3BlobStoreTest extends BlobStoreContract {
    private static final String BUCKET = "vitrine-test";
    private static final AtomicInteger stores = new AtomicInteger();
    @TempDir
    static Path emulatorDir;
    private static S3Proxy s3proxy;

    @BeforeAll
    static void startEmulator() throws IOException {
        s3proxy = S3Proxy.start(emulatorDir);
        try (S3Client admin = S3Client.builder().httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(S3Proxy.REGION)).endpointOverride(s3proxy.endpoint()).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(S3Proxy.IDENTITY, S3Proxy.CREDENTIAL))).build()) {
            admin.createBucket(b -> b.bucket(BUCKET));
        }
    }

    @AfterAll
    static void stopEmulator() throws IOException {
        if (s3proxy != null) {
            s3proxy.close();
        }
    }

    @Override
    protected BlobStore newStore(Path dir) {
        // Each test gets a prefix of its own in the one bucket: an empty store, and the prefix is exercised.
        return store(s3proxy.endpoint(), S3Proxy.CREDENTIAL, "test-" + stores.incrementAndGet());
    }

    private static S3BlobStore store(URI endpoint, String secret, String prefix) {
        return new S3BlobStore(new S3Location(endpoint, S3Proxy.REGION, BUCKET, prefix, true), S3Proxy.IDENTITY,
                secret);
    }

    @AfterEach
    void closeStore() {
        ((S3BlobStore) store).close();
    }

    @Test
    void a_signed_url_serves_the_blob_with_its_content_type_and_a_tampered_one_is_refused() throws Exception {
        byte[] data = bytes(3_000, 11);
        store.put("derivatives/4/320-ee.jpg", new ByteArrayInputStream(data));
        URI url = store.url("derivatives/4/320-ee.jpg", Duration.ofMinutes(5)).orElseThrow();

        try (var http = HttpClient.newHttpClient()) {
            var response = http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo(data);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("image/jpeg");

            URI tampered = URI.create(url.toString().replace("320-ee.jpg", "320-ef.jpg"));
            assertThat(http.send(HttpRequest.newBuilder(tampered).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode()).isEqualTo(403);
            URI unsigned = URI.create(url.toString().substring(0, url.toString().indexOf('?')));
            assertThat(http.send(HttpRequest.newBuilder(unsigned).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode()).isEqualTo(403);
        }
    }

    @Test
    void a_missing_bucket_is_a_failure_not_a_missing_blob() {
        try (var nowhere = new S3BlobStore(new S3Location(s3proxy.endpoint(), S3Proxy.REGION, "no-such-bucket", "",
                true), S3Proxy.IDENTITY, S3Proxy.CREDENTIAL)) {
            assertThatThrownBy(() -> nowhere.open("originals/aa/x.jpg")).isInstanceOf(StorageException.class);
        }
    }

    @Test
    void a_wrong_secret_is_refused_as_denied_without_the_secret_in_the_message() {
        String wrongSecret = "not-the-credential-4711";
        try (var denied = store(s3proxy.endpoint(), wrongSecret, "test-denied")) {
            assertThatThrownBy(() -> denied.put("originals/aa/x.jpg", new ByteArrayInputStream(bytes(10, 1))))
                    .isInstanceOfSatisfying(StorageException.class, e -> {
                        assertThat(e.problem()).isEqualTo(StorageException.Problem.DENIED);
                        assertThat(e.getMessage()).doesNotContain(wrongSecret).contains("originals/aa/x.jpg");
                    });
        }
    }

    @Test
    void a_service_that_does_not_answer_is_unavailable() throws IOException {
        try (var down = store(URI.create("http://127.0.0.1:" + freePort()), S3Proxy.CREDENTIAL, "test-down")) {
            assertThatThrownBy(() -> down.stat("originals/aa/x.jpg")).isInstanceOfSatisfying(StorageException.class,
                    e -> assertThat(e.problem()).isEqualTo(StorageException.Problem.UNAVAILABLE));
        }
    }

    @Test
    void a_blob_of_several_parts_lists_with_its_whole_size() throws IOException {
        long size = 2L * S3BlobStore.PART_SIZE + 123;
        store.put("originals/ab/parts.tif", new GeneratedStream(size, 12));

        try (var listed = store.list("originals/ab/")) {
            assertThat(listed.map(BlobStore.BlobInfo::size).toList()).containsExactly(size);
        }
    }

    @Test
    void with_storage_set_to_s3_the_site_keeps_originals_and_sizes_in_the_bucket_and_serves_them() throws IOException {
        Path dataDir = dir.resolve("data");
        App app = TestApp.start(dataDir, Map.of(
                "VITRINE_STORAGE", "s3",
                "VITRINE_S3_ENDPOINT", s3proxy.endpoint().toString(),
                "VITRINE_S3_BUCKET", BUCKET,
                "VITRINE_S3_PREFIX", "site",
                "VITRINE_S3_PATH_STYLE", "true",
                "VITRINE_S3_ACCESS_KEY", S3Proxy.IDENTITY,
                "VITRINE_S3_SECRET_KEY", S3Proxy.CREDENTIAL));
        try {
            var fx = new Fixtures(app);
            HttpSession owner = fx.signedIn();
            Album album = fx.album("In the cloud", Visibility.PUBLIC);
            owner.csrfFrom("/admin/albums/" + album.id());
            var upload = owner.upload("/admin/albums/" + album.id() + "/photos",
                    GeneratedPhotos.jpeg(dir.resolve("cloud.jpg"), 320, 240, 21));
            assertThat(upload.statusCode()).as(upload.body()).isEqualTo(200);
            Eventually.until("the photo processed",
                    () -> app.photos().idsWithStatus(PhotoStatus.PROCESSING).isEmpty());

            long photoId = app.photos().listByAlbum(album.id()).getFirst().id();
            assertThat(app.photos().find(photoId).orElseThrow().status()).isEqualTo(PhotoStatus.READY);
            String url = app.photos().derivatives(photoId).getFirst().url();
            var served = new HttpSession(app.config().baseUrl()).getBytes(url, Map.of());
            assertThat(served.statusCode()).isEqualTo(200);
            assertThat(served.body()).startsWith((byte) 0xFF, (byte) 0xD8);

            try (var bucket = store(s3proxy.endpoint(), S3Proxy.CREDENTIAL, "site")) {
                // Sent from the local spool by background jobs, soon after they were stored.
                Eventually.until("the original and the sizes sent to the bucket", () -> {
                    try {
                        return keysIn(bucket, "originals/").size() == 1
                                && keysIn(bucket, BlobKeys.derivativesOf(photoId)).size()
                                == app.photos().derivatives(photoId).size();
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
            }
            assertThat(dataDir.resolve("blobs")).doesNotExist();
        } finally {
            app.close();
        }
    }

    private static java.util.List<String> keysIn(BlobStore store, String prefix) throws IOException {
        try (var listed = store.list(prefix)) {
            return listed.map(BlobStore.BlobInfo::key).toList();
        }
    }

    @Test
    void the_emulator_stopped_is_unavailable_and_restarted_serves_what_it_held() throws IOException {
        byte[] data = bytes(2_000, 31);
        store.put("originals/cd/kept.jpg", new ByteArrayInputStream(data));

        s3proxy.stop();
        try {
            assertThatThrownBy(() -> store.stat("originals/cd/kept.jpg")).isInstanceOfSatisfying(
                    StorageException.class, e -> assertThat(e.problem()).isEqualTo(StorageException.Problem.UNAVAILABLE));
        } finally {
            s3proxy.restart();
        }

        try (var in = store.open("originals/cd/kept.jpg").orElseThrow()) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
    }

    private static int freePort() throws IOException {
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
