package org.vitrine.photo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitrine.App;
import org.vitrine.access.Visibility;
import org.vitrine.media.inspect.ExifImageInspector;
import org.vitrine.testing.Fixtures;
import org.vitrine.testing.GeneratedPhotos;
import org.vitrine.testing.TestApp;
import org.vitrine.testing.TestDatabases;
import org.vitrine.testing.TestPhotos;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Photos get their sizes in the background, on either database, even across a restart. */
class BackgroundProcessingTest {
    @TempDir
    Path dataDir;
    @TempDir
    Path scratch;

    @Test
    void a_photo_uploaded_on_postgresql_is_processed_and_served() {
        // Stored 1800 x 1200, turned a quarter clockwise by EXIF orientation 6: displayed 1200 x 1800.
        Path sideways = GeneratedPhotos.exifOriented(scratch.resolve("Portrait_6.jpg"), 1800, 1200, 4, 6);
        String url = TestDatabases.newPostgresSchemaUrl();
        try (App app = TestApp.start(dataDir, Map.of("VITRINE_DATABASE_URL", url,
                "VITRINE_DATABASE_USER", TestDatabases.POSTGRES_USER))) {
            var fx = new Fixtures(app);
            var owner = fx.signedIn();
            var album = fx.album("On Postgres", Visibility.PUBLIC);
            owner.csrfFrom("/admin/albums/" + album.id());
            var response = owner.upload("/admin/albums/" + album.id() + "/photos",
                    sideways);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            waitUntilProcessed(app);
            var photo = owner.json("/api/albums/" + album.slug()).get("photos").get(0);
            assertThat(photo.get("status").asText()).isEqualTo("ready");
            assertThat(photo.get("width").asInt()).isEqualTo(1200);
            assertThat(photo.get("height").asInt()).isEqualTo(1800);
            String first = photo.get("derivatives").get(0).get("url").asText();
            assertThat(owner.getBytes(first, Map.of()).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void a_photo_stored_just_before_a_crash_is_processed_after_the_restart() throws Exception {
        long photoId;
        try (App app = App.open(TestApp.config(dataDir))) {
            // Stored and recorded, but the process "died" before its job was queued.
            var album = new Fixtures(app).album("Crash", Visibility.PRIVATE);
            Path file = GeneratedPhotos.jpeg(scratch.resolve("nikon.jpg"), 1024, 768, 5);
            var inspection = new ExifImageInspector().inspect(file);
            photoId = app.photos().insert(new PhotoDao.NewPhoto(album.id(), "f".repeat(64),
                    "originals/ff/" + "f".repeat(64) + ".jpg", "nikon.jpg", inspection.format(),
                    java.nio.file.Files.size(file), inspection.metadata(), 0));
            var blobs = new org.vitrine.storage.LocalBlobStore(dataDir.resolve("blobs"));
            blobs.put("originals/ff/" + "f".repeat(64) + ".jpg", file);
            assertThat(app.jobs().counts().queued()).isZero();
        }
        try (App app = TestApp.start(dataDir)) {
            waitUntilProcessed(app);
            assertThat(app.photos().find(photoId).orElseThrow().status()).isEqualTo(PhotoStatus.READY);
            assertThat(app.photos().derivatives(photoId)).isNotEmpty();
        }
    }

    @Test
    void a_heic_kept_by_the_pure_java_engine_is_processed_once_libvips_is_there() {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                org.vitrine.media.vips.VipsImageEngine.load().isPresent() || "true".equalsIgnoreCase(System.getenv("CI")),
                "libvips is not installed: skipping");
        Path heic = TestPhotos.file("format/heic_iphone-11-pro-max.heic");
        long photoId;
        try (App app = TestApp.start(dataDir, Map.of("VITRINE_IMAGE_ENGINE", "java"))) {
            var fx = new Fixtures(app);
            var owner = fx.signedIn();
            var album = fx.album("Phone photos", Visibility.PUBLIC);
            owner.csrfFrom("/admin/albums/" + album.id());
            var response = owner.upload("/admin/albums/" + album.id() + "/photos",
                    heic);
            photoId = org.vitrine.testing.HttpSession.parse(response.body()).get("results").get(0).get("photoId").asLong();
            waitUntilProcessed(app);
            var kept = app.photos().find(photoId).orElseThrow();
            assertThat(kept.status()).isEqualTo(PhotoStatus.FAILED);
            assertThat(kept.statusDetail()).startsWith(Photo.WAITING_FOR_AN_ENGINE).contains("libvips");
        }
        try (App app = TestApp.start(dataDir, Map.of("VITRINE_IMAGE_ENGINE", "vips"))) {
            waitUntilProcessed(app);
            var processed = app.photos().find(photoId).orElseThrow();
            assertThat(processed.status()).isEqualTo(PhotoStatus.READY);
            assertThat(app.photos().derivatives(photoId).getLast().height()).isEqualTo(2048);
        }
    }

    static void waitUntilProcessed(App app) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
        while (!app.photos().idsWithStatus(PhotoStatus.PROCESSING).isEmpty()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("photos still processing after a minute");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
