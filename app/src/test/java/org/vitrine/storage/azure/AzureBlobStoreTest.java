package org.vitrine.storage.azure;

import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.storage.common.StorageSharedKeyCredential;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitrine.storage.BlobStore;
import org.vitrine.storage.BlobStoreContract;
import org.vitrine.storage.StorageException;
import org.vitrine.testing.Azurite;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Azure store passes the blob store contract against Azurite, the Azure Blob emulator in its own process. */
class AzureBlobStoreTest extends BlobStoreContract {
    private static final String CONTAINER = "vitrine-test";
    private static final AtomicInteger stores = new AtomicInteger();
    @TempDir
    static Path emulatorDir;
    private static Azurite azurite;

    @BeforeAll
    static void startEmulator() throws IOException {
        azurite = Azurite.start(emulatorDir);
        new BlobServiceClientBuilder().endpoint(azurite.accountUrl().toString())
                .credential(new StorageSharedKeyCredential(Azurite.ACCOUNT, Azurite.KEY))
                .httpClient(new JdkHttpClientBuilder().build()).buildClient()
                .createBlobContainer(CONTAINER);
    }

    @AfterAll
    static void stopEmulator() throws IOException {
        if (azurite != null) {
            azurite.close();
        }
    }

    @Override
    protected BlobStore newStore(Path dir) {
        // Each test gets a prefix of its own in the one container: an empty store, and the prefix is exercised.
        return store(azurite.accountUrl(), Azurite.KEY, "test-" + stores.incrementAndGet());
    }

    private static AzureBlobStore store(URI accountUrl, String key, String prefix) {
        return new AzureBlobStore(accountUrl, Azurite.ACCOUNT, key, CONTAINER, prefix);
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
        }
    }

    @Test
    void a_missing_container_is_a_failure_not_a_missing_blob() {
        var nowhere = new AzureBlobStore(azurite.accountUrl(), Azurite.ACCOUNT, Azurite.KEY, "no-such-container", "");

        assertThatThrownBy(() -> nowhere.open("originals/aa/x.jpg")).isInstanceOf(StorageException.class);
        assertThatThrownBy(() -> nowhere.stat("originals/aa/x.jpg")).isInstanceOf(StorageException.class);
    }

    @Test
    void a_wrong_key_is_refused_as_denied_without_the_key_in_the_message() {
        String wrongKey = Base64.getEncoder().encodeToString("not-the-account-key-4711".getBytes());
        var denied = store(azurite.accountUrl(), wrongKey, "test-denied");

        assertThatThrownBy(() -> denied.put("originals/aa/x.jpg", new ByteArrayInputStream(bytes(10, 1))))
                .isInstanceOfSatisfying(StorageException.class, e -> {
                    assertThat(e.problem()).isEqualTo(StorageException.Problem.DENIED);
                    assertThat(e.getMessage()).doesNotContain(wrongKey).contains("originals/aa/x.jpg");
                });
    }

    @Test
    void a_service_that_does_not_answer_is_unavailable() throws IOException {
        var down = store(URI.create("http://127.0.0.1:" + freePort() + "/" + Azurite.ACCOUNT), Azurite.KEY,
                "test-down");

        assertThatThrownBy(() -> down.stat("originals/aa/x.jpg")).isInstanceOfSatisfying(StorageException.class,
                e -> assertThat(e.problem()).isEqualTo(StorageException.Problem.UNAVAILABLE));
    }

    @Test
    void a_blob_of_several_blocks_lists_with_its_whole_size() throws IOException {
        long size = 2L * AzureBlobStore.BLOCK_SIZE + 123;
        store.put("originals/ab/blocks.tif", new GeneratedStream(size, 12));

        try (var listed = store.list("originals/ab/")) {
            assertThat(listed.map(BlobStore.BlobInfo::size).toList()).containsExactly(size);
        }
    }

    @Test
    void the_emulator_stopped_is_unavailable_and_restarted_serves_what_it_held() throws IOException {
        byte[] data = bytes(2_000, 31);
        store.put("originals/cd/kept.jpg", new ByteArrayInputStream(data));

        azurite.stop();
        try {
            assertThatThrownBy(() -> store.stat("originals/cd/kept.jpg")).isInstanceOfSatisfying(
                    StorageException.class, e -> assertThat(e.problem()).isEqualTo(StorageException.Problem.UNAVAILABLE));
        } finally {
            azurite.restart();
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
