package org.vitrine.storage.cache;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitrine.App;
import org.vitrine.access.Visibility;
import org.vitrine.album.Album;
import org.vitrine.jobs.JobKind;
import org.vitrine.jobs.JobStatus;
import org.vitrine.photo.Derivative;
import org.vitrine.photo.Photo;
import org.vitrine.photo.PhotoStatus;
import org.vitrine.storage.BlobStore;
import org.vitrine.testing.Eventually;
import org.vitrine.testing.Fixtures;
import org.vitrine.testing.GeneratedPhotos;
import org.vitrine.testing.HttpSession;
import org.vitrine.testing.SlowTcpProxy;
import org.vitrine.testing.TestApp;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole site with cloud-primary storage against an emulator in its own process: uploads while the cloud is
 * down, a cloud that stops answering, and the redirect settings. Nothing here is mocked: the emulator is really
 * stopped, and really slowed by a TCP proxy in front of it. A subclass per cloud says how to reach its emulator.
 */
abstract class CloudPrimarySiteContract {
    private static final AtomicInteger prefixes = new AtomicInteger();
    @TempDir
    Path dir;

    /** The emulator's own address (where signed URLs point). */
    protected abstract URI endpoint();

    /** The settings of a site storing under {@code prefix}, talking to the emulator at {@code server}. */
    protected abstract Map<String, String> settings(URI server, String prefix);

    /** The cloud store itself under the prefix, to look at what was sent. */
    protected abstract BlobStore cloud(String prefix);

    /** What every signed URL of this cloud carries. */
    protected abstract String signatureParameter();

    protected abstract void stopCloud();

    protected abstract void restartCloud();

    private App start(URI server, String prefix, Map<String, String> more) {
        var settings = new HashMap<>(settings(server, prefix));
        settings.putAll(more);
        return TestApp.start(dir.resolve("data"), settings);
    }

    @Test
    void photos_uploaded_while_the_cloud_is_down_are_accepted_processed_and_all_sent_once_it_is_back()
            throws Exception {
        String prefix = "down-" + prefixes.incrementAndGet();
        try (App app = start(endpoint(), prefix, Map.of())) {
            var fx = new Fixtures(app);
            HttpSession owner = fx.signedIn();
            Album album = fx.album("While the cloud was down", Visibility.PUBLIC);
            owner.csrfFrom("/admin/albums/" + album.id());

            stopCloud();
            try {
                for (int i = 0; i < 3; i++) {
                    var upload = owner.upload("/admin/albums/" + album.id() + "/photos",
                            GeneratedPhotos.jpeg(dir.resolve("down-" + i + ".jpg"), 320, 240, 40 + i));
                    assertThat(upload.statusCode()).as(upload.body()).isEqualTo(200);
                }
                Eventually.until("the photos processed from the spool",
                        () -> app.photos().idsWithStatus(PhotoStatus.PROCESSING).isEmpty());
                List<Photo> photos = app.photos().listByAlbum(album.id());
                assertThat(photos).hasSize(3).allSatisfy(p -> assertThat(
                        app.photos().find(p.id()).orElseThrow().status()).isEqualTo(PhotoStatus.READY));
                var served = new HttpSession(app.config().baseUrl()).getBytes(
                        app.photos().derivatives(photos.getFirst().id()).getFirst().url(), Map.of());
                assertThat(served.statusCode()).as("served from the spool while the cloud is down").isEqualTo(200);
                assertThat(waitingUploads(app)).as("the backlog").isPositive();
            } finally {
                restartCloud();
            }

            Eventually.until("the spool drained", () -> waitingUploads(app) == 0
                    && spooledFiles(app.config().dataDir()) == 0);
            BlobStore cloud = cloud(prefix);
            try {
                for (Photo listed : app.photos().listByAlbum(album.id())) {
                    Photo photo = app.photos().find(listed.id()).orElseThrow();
                    var original = cloud.stat(photo.originalKey()).orElseThrow();
                    assertThat(original.sha256()).hasValue(photo.sha256());
                    try (InputStream in = cloud.open(photo.originalKey()).orElseThrow()) {
                        assertThat(sha256Of(in)).as("the original sent whole").isEqualTo(photo.sha256());
                    }
                    for (Derivative size : app.photos().derivatives(photo.id())) {
                        assertThat(cloud.stat(size.blobKey())).as(size.blobKey()).map(BlobStore.BlobInfo::size)
                                .hasValue(size.byteSize());
                    }
                }
            } finally {
                if (cloud instanceof AutoCloseable closeable) {
                    closeable.close();
                }
            }
        }
    }

    @Test
    void a_cloud_that_stops_answering_slows_no_page_nor_cached_image_and_a_proxied_one_fails_in_words()
            throws Exception {
        String prefix = "slow-" + prefixes.incrementAndGet();
        try (var slow = SlowTcpProxy.to(endpoint()); App app = start(slow.endpoint(), prefix, Map.of())) {
            var fx = new Fixtures(app);
            HttpSession owner = fx.signedIn();
            Album album = fx.album("Slow cloud", Visibility.PUBLIC);
            owner.csrfFrom("/admin/albums/" + album.id());
            var upload = owner.upload("/admin/albums/" + album.id() + "/photos",
                    GeneratedPhotos.jpeg(dir.resolve("slow.jpg"), 1600, 1200, 51));
            assertThat(upload.statusCode()).as(upload.body()).isEqualTo(200);
            Eventually.until("the photo processed and sent", () -> app.photos().idsWithStatus(
                    PhotoStatus.PROCESSING).isEmpty() && waitingUploads(app) == 0);
            long photoId = app.photos().listByAlbum(album.id()).getFirst().id();
            List<Derivative> sizes = app.photos().derivatives(photoId);
            assertThat(sizes).hasSizeGreaterThan(1);
            var visitor = new HttpSession(app.config().baseUrl());
            assertThat(visitor.getBytes(sizes.getFirst().url(), Map.of()).statusCode()).isEqualTo(200);
            // Another size is dropped from the cache: it must come from the cloud.
            Path cold = app.config().dataDir().resolve("cloud/cache").resolve(sizes.getLast().blobKey());
            Files.delete(cold);

            slow.delay(Duration.ofMinutes(5));

            long start = System.nanoTime();
            assertThat(visitor.get(album.path()).statusCode()).isEqualTo(200);
            var cached = visitor.getBytes(sizes.getFirst().url(), Map.of());
            assertThat(cached.statusCode()).isEqualTo(200);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("page and cached image").isLessThan(
                    Duration.ofSeconds(2));

            start = System.nanoTime();
            var proxied = visitor.get(sizes.getLast().url());
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(proxied.statusCode()).isEqualTo(504);
            assertThat(proxied.body()).contains("did not answer in time").doesNotContain("derivatives/")
                    .doesNotContain("Exception");
            assertThat(took).as("given up after the cloud wait, not the client's minute")
                    .isBetween(CloudPrimaryStore.CLOUD_WAIT.minusSeconds(1), CloudPrimaryStore.CLOUD_WAIT.plusSeconds(5));
        }
    }

    @Test
    void with_redirects_a_viewer_allowed_is_sent_to_a_signed_or_public_url_and_one_refused_learns_none()
            throws Exception {
        String prefix = "redirect-" + prefixes.incrementAndGet();
        try (App app = start(endpoint(), prefix, Map.of("VITRINE_CLOUD_SERVING", "redirect",
                "VITRINE_CLOUD_PUBLIC_URL", "https://cdn.example.test/photos/"))) {
            var fx = new Fixtures(app);
            HttpSession owner = fx.signedIn();
            Album hidden = fx.album("Private", Visibility.PRIVATE);
            Album open = fx.album("Public", Visibility.PUBLIC);
            for (Album album : List.of(hidden, open)) {
                owner.csrfFrom("/admin/albums/" + album.id());
                var upload = owner.upload("/admin/albums/" + album.id() + "/photos",
                        GeneratedPhotos.jpeg(dir.resolve(album.slug() + ".jpg"), 320, 240, album.id()));
                assertThat(upload.statusCode()).as(upload.body()).isEqualTo(200);
            }
            Eventually.until("the photos processed and sent", () -> app.photos().idsWithStatus(
                    PhotoStatus.PROCESSING).isEmpty() && waitingUploads(app) == 0);
            long privatePhoto = app.photos().listByAlbum(hidden.id()).getFirst().id();
            long publicPhoto = app.photos().listByAlbum(open.id()).getFirst().id();
            String privateSize = app.photos().derivatives(privatePhoto).getFirst().url();
            String publicSize = app.photos().derivatives(publicPhoto).getFirst().url();
            var visitor = new HttpSession(app.config().baseUrl());

            var refused = visitor.getBytes(privateSize, Map.of());
            assertThat(refused.statusCode()).isEqualTo(404);
            assertThat(refused.headers().firstValue("Location")).isEmpty();
            assertThat(new String(refused.body())).doesNotContain("127.0.0.1:" + endpoint().getPort())
                    .doesNotContain("derivatives/");

            var signed = owner.getBytes(privateSize, Map.of());
            assertThat(signed.statusCode()).isEqualTo(302);
            URI location = URI.create(signed.headers().firstValue("Location").orElseThrow());
            assertThat(location.toString()).startsWith(endpoint().toString()).contains(signatureParameter());
            try (var http = HttpClient.newHttpClient()) {
                var fromCloud = http.send(HttpRequest.newBuilder(location).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertThat(fromCloud.statusCode()).isEqualTo(200);
                assertThat(fromCloud.body()).startsWith((byte) 0xFF, (byte) 0xD8);
            }

            var toCdn = visitor.getBytes(publicSize, Map.of());
            assertThat(toCdn.statusCode()).isEqualTo(302);
            assertThat(toCdn.headers().firstValue("Location")).hasValue("https://cdn.example.test/photos/"
                    + app.photos().derivatives(publicPhoto).getFirst().blobKey());

            Photo original = app.photos().find(publicPhoto).orElseThrow();
            var originalUrl = "/media/o/" + publicPhoto + "/" + original.sha256().substring(0, 16) + "."
                    + original.format().extension();
            var signedOriginal = visitor.getBytes(originalUrl, Map.of());
            assertThat(signedOriginal.statusCode()).as("originals are not on the CDN").isEqualTo(302);
            assertThat(signedOriginal.headers().firstValue("Location").orElseThrow())
                    .startsWith(endpoint().toString());
        }
    }

    private static long waitingUploads(App app) {
        return app.jobs().list(1000).stream().filter(j -> j.kind() == JobKind.CLOUD_UPLOAD)
                .filter(j -> j.status() == JobStatus.QUEUED || j.status() == JobStatus.RUNNING).count();
    }

    private static long spooledFiles(Path dataDir) {
        try (var files = Files.walk(dataDir.resolve("cloud/spool"))) {
            return files.filter(Files::isRegularFile).count();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String sha256Of(InputStream in) throws Exception {
        var digest = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = in.read(buffer)) > 0; ) {
            digest.update(buffer, 0, n);
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
