package org.vitrine.photo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitrine.App;
import org.vitrine.access.Visibility;
import org.vitrine.jobs.JobWorker;
import org.vitrine.testing.Eventually;
import org.vitrine.testing.Fixtures;
import org.vitrine.testing.GeneratedPhotos;
import org.vitrine.testing.TestApp;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A photo whose sizes could not be stored, even after its job used all its attempts (a disk full for an hour), is
 * not failed for good: a worker queues it again by itself, and it becomes ready without the owner pressing Retry.
 */
class StorageFailureRetryTest {
    @TempDir
    Path dataDir;
    @TempDir
    Path scratch;

    @Test
    void a_photo_failed_on_storage_is_queued_again_by_the_worker_and_becomes_ready() throws Exception {
        try (App app = TestApp.start(dataDir, Map.of("VITRINE_WORKERS", "none"))) {
            var album = new Fixtures(app).album("Stored later", Visibility.PUBLIC);
            Path file = GeneratedPhotos.jpeg(scratch.resolve("later.jpg"), 1200, 800, 3);
            long photoId;
            try (InputStream in = Files.newInputStream(file)) {
                var outcome = app.ingest().ingest(album.id(), "later.jpg", in);
                assertThat(outcome.ok()).as(outcome.message()).isTrue();
                photoId = app.photos().listByAlbum(album.id()).getFirst().id();
            }
            // Where five attempts on a full disk leave a photo: its job failed, the photo failed on storage.
            app.database().jdbi().useHandle(h -> h.createUpdate("UPDATE jobs SET status = 'failed' "
                    + "WHERE subject_id = :id").bind("id", photoId).execute());
            app.photos().markFailed(photoId, PhotoFailure.STORAGE, "The sizes of this photo could not be stored.");
            var retry = new StorageFailureRetry(app.photos(), app.jobs(), () -> { });
            assertThat(app.photos().find(photoId).orElseThrow().status()).isEqualTo(PhotoStatus.FAILED);

            app.startWorker(JobWorker.newId());

            Eventually.until("the photo failed on storage is ready", () -> app.photos().find(photoId)
                    .map(p -> p.status() == PhotoStatus.READY).orElse(false));
            assertThat(app.photos().find(photoId).orElseThrow().failure()).isNull();
            assertThat(retry.retry()).as("nothing left to retry").isZero();
        }
    }
}
