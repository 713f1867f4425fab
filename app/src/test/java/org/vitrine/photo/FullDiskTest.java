package org.vitrine.photo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitrine.App;
import org.vitrine.access.Visibility;
import org.vitrine.jobs.JobWorker;
import org.vitrine.testing.Eventually;
import org.vitrine.testing.Fixtures;
import org.vitrine.testing.GeneratedPhotos;
import org.vitrine.testing.HttpSession;
import org.vitrine.testing.SmallDisk;
import org.vitrine.testing.TestApp;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A full disk is a pause, not a loss: uploads are refused with 507 and a message saying so, photos waiting for
 * their sizes are retried until there is room again, and /healthz warns while space is low. The data folder is a
 * real 8 MB tmpfs; the database lives elsewhere, as it may in production.
 */
class FullDiskTest {
    @TempDir
    Path dir;

    @Test
    void an_upload_on_a_full_disk_is_refused_with_507_and_succeeds_once_space_is_freed() throws Exception {
        Path photo = GeneratedPhotos.jpeg(dir.resolve("photo.jpg"), 1600, 1200, 7);
        try (var disk = SmallDisk.mount(dir.resolve("data"), 8);
             App app = TestApp.start(disk.path(), Map.of("VITRINE_DATABASE_URL",
                     "jdbc:sqlite:" + dir.resolve("db/vitrine.db")))) {
            var fx = new Fixtures(app);
            HttpSession owner = fx.signedIn();
            var album = fx.album("Full", Visibility.PUBLIC);
            owner.csrfFrom("/admin/albums/" + album.id());
            Path filler = disk.fillLeaving(Files.size(photo) / 2);

            var refused = owner.upload("/admin/albums/" + album.id() + "/photos", photo);
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(507);
            assertThat(refused.body()).contains("The server's disk is full").doesNotContain("Exception", "/tmp");
            var health = owner.get("/healthz");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(HttpSession.parse(health.body()).get("warning").asText()).startsWith("low disk space");
            assertThat(app.photos().listByAlbum(album.id())).isEmpty();

            Files.delete(filler);
            var accepted = owner.upload("/admin/albums/" + album.id() + "/photos", photo);
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
            Eventually.until("the photo is processed", () -> app.photos().listByAlbum(album.id()).stream()
                    .anyMatch(p -> p.status() == PhotoStatus.READY));
        }
    }

    @Test
    void a_photo_processed_on_a_full_disk_is_retried_and_becomes_ready_once_space_is_freed() throws Exception {
        Path photo = GeneratedPhotos.jpeg(dir.resolve("photo.jpg"), 1600, 1200, 8);
        try (var disk = SmallDisk.mount(dir.resolve("data"), 8);
             App app = TestApp.start(disk.path(), Map.of("VITRINE_DATABASE_URL",
                     "jdbc:sqlite:" + dir.resolve("db/vitrine.db"), "VITRINE_WORKERS", "none"))) {
            var fx = new Fixtures(app);
            HttpSession owner = fx.signedIn();
            var album = fx.album("Full later", Visibility.PUBLIC);
            owner.csrfFrom("/admin/albums/" + album.id());
            var uploaded = owner.upload("/admin/albums/" + album.id() + "/photos", photo);
            assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(200);
            long photoId = app.photos().listByAlbum(album.id()).getFirst().id();
            Path filler = disk.fillLeaving(16 * 1024);

            app.startWorker(JobWorker.newId());
            Eventually.until("a first attempt failed on the full disk", () -> attempts(app, photoId) >= 1
                    && "queued".equals(jobStatus(app, photoId)));
            var waiting = app.photos().find(photoId).orElseThrow();
            assertThat(waiting.status()).as("not failed for good: " + waiting.statusDetail())
                    .isEqualTo(PhotoStatus.PROCESSING);
            assertThat(lastError(app, photoId)).contains("storage full");

            Files.delete(filler);
            Eventually.until("the retried photo is ready", () -> app.photos().find(photoId)
                    .map(p -> p.status() == PhotoStatus.READY).orElse(false));
        }
    }

    private static int attempts(App app, long photoId) {
        return app.database().jdbi().withHandle(h -> h.createQuery(
                "SELECT attempts FROM jobs WHERE subject_id = :id ORDER BY id DESC").bind("id", photoId)
                .mapTo(Integer.class).findFirst().orElse(0));
    }

    private static String jobStatus(App app, long photoId) {
        return app.database().jdbi().withHandle(h -> h.createQuery(
                "SELECT status FROM jobs WHERE subject_id = :id ORDER BY id DESC").bind("id", photoId)
                .mapTo(String.class).findFirst().orElse(""));
    }

    private static String lastError(App app, long photoId) {
        return app.database().jdbi().withHandle(h -> h.createQuery(
                "SELECT last_error FROM jobs WHERE subject_id = :id ORDER BY id DESC").bind("id", photoId)
                .mapTo(String.class).findFirst().orElse(""));
    }
}
