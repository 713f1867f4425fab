package org.vitrine.photo;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitrine.album.AlbumDao;
import org.vitrine.access.Visibility;
import org.vitrine.db.Database;
import org.vitrine.jobs.JdbiJobQueue;
import org.vitrine.media.inspect.ExifImageInspector;
import org.vitrine.storage.LocalBlobStore;
import org.vitrine.testing.GeneratedPhotos;
import org.vitrine.testing.TestDatabases;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Originals are shared by content: deleting a photo (or its album) while the same bytes are uploaded to another
 * album must never remove the file the new upload relies on. Each round uploads a photo to album A, then at once
 * deletes it from A and uploads the same bytes to album B, and checks B's original is stored. Rounds:
 * {@code -Dvitrine.race.rounds=10000} (bench/original-race.sh); the default keeps the suite quick.
 */
class OriginalSharingRaceTest {
    private static final int ROUNDS = Integer.getInteger("vitrine.race.rounds", 150);

    @TempDir
    Path dir;

    private Database db;
    private ExecutorService pool;

    @AfterEach
    void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
        if (db != null) {
            db.close();
        }
    }

    @Test
    void deleting_a_photo_while_its_bytes_are_uploaded_elsewhere_loses_nothing_on_sqlite() throws Exception {
        db = TestDatabases.sqlite(dir);
        assertNothingLost("SQLite, photo deletion", false);
    }

    @Test
    void deleting_a_photo_while_its_bytes_are_uploaded_elsewhere_loses_nothing_on_postgresql() throws Exception {
        db = TestDatabases.postgres();
        assertNothingLost("PostgreSQL, photo deletion", false);
    }

    @Test
    void deleting_an_album_while_its_photo_is_uploaded_elsewhere_loses_nothing_on_sqlite() throws Exception {
        db = TestDatabases.sqlite(dir);
        assertNothingLost("SQLite, album deletion", true);
    }

    @Test
    void deleting_an_album_while_its_photo_is_uploaded_elsewhere_loses_nothing_on_postgresql() throws Exception {
        db = TestDatabases.postgres();
        assertNothingLost("PostgreSQL, album deletion", true);
    }

    private void assertNothingLost(String what, boolean deleteAlbum) throws Exception {
        var albums = new AlbumDao(db.jdbi(), Clock.systemUTC());
        var photos = new PhotoDao(db.jdbi());
        var blobs = new LocalBlobStore(dir.resolve("blobs"));
        var originals = new OriginalBlobs(db.jdbi(), blobs, Clock.systemUTC());
        var removal = new PhotoRemoval(photos, blobs, originals);
        var ingest = new PhotoIngest(photos, originals, new ExifImageInspector(),
                new JdbiJobQueue(db, Clock.systemUTC()), () -> { }, dir.resolve("tmp"), 10_000_000, Clock.systemUTC());
        long albumB = albums.insert("b", "B", "", Visibility.PUBLIC, "kb");
        pool = Executors.newFixedThreadPool(2);
        var random = new Random(42);
        List<String> lost = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            Path photo = GeneratedPhotos.jpeg(dir.resolve("round.jpg"), 24, 16, round);
            long albumA = albums.insert("a" + round, "A", "", Visibility.PUBLIC, "ka" + round);
            long inA = upload(ingest, albumA, photo);
            var start = new CyclicBarrier(2);
            // A little jitter on the deleting side moves its check across the whole of the upload.
            int jitterMicros = random.nextInt(1500);
            Future<?> deleted = pool.submit(() -> {
                start.await();
                spin(jitterMicros);
                if (deleteAlbum) {
                    removal.deleteAlbum(albumA);
                } else {
                    removal.deletePhoto(inA);
                }
                return null;
            });
            Future<Long> uploaded = pool.submit(() -> {
                start.await();
                return upload(ingest, albumB, photo);
            });
            deleted.get();
            long inB = uploaded.get();
            String key = photos.find(inB).orElseThrow().originalKey();
            if (blobs.stat(key).isEmpty()) {
                lost.add("round " + round + ": " + key);
            }
            removal.deletePhoto(inB);
            if (!deleteAlbum) {
                albums.delete(albumA);
            }
        }
        System.out.printf("original race (%s): lost %d of %d%n", what, lost.size(), ROUNDS);
        assertThat(lost).as("uploads whose original was removed by the concurrent deletion").isEmpty();
    }

    private static long upload(PhotoIngest ingest, long albumId, Path photo) throws Exception {
        try (InputStream in = Files.newInputStream(photo)) {
            var outcome = ingest.ingest(albumId, "photo.jpg", in);
            assertThat(outcome.ok()).as(outcome.message()).isTrue();
            return outcome.photoId();
        }
    }

    /** Busy-waits a few microseconds (a pause to vary the interleaving, not to wait for anything). */
    private static void spin(int micros) {
        long until = System.nanoTime() + micros * 1000L;
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
    }
}
