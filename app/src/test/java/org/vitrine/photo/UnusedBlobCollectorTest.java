package org.vitrine.photo;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitrine.album.AlbumDao;
import org.vitrine.access.Visibility;
import org.vitrine.db.Database;
import org.vitrine.jobs.JdbiJobQueue;
import org.vitrine.media.inspect.ExifImageInspector;
import org.vitrine.media.purejava.JavaImageEngine;
import org.vitrine.storage.BlobKeys;
import org.vitrine.storage.BlobStore;
import org.vitrine.storage.LocalBlobStore;
import org.vitrine.testing.GeneratedPhotos;
import org.vitrine.testing.MutableClock;
import org.vitrine.testing.TestDatabases;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Files that no row refers to do not pile up: deletion during processing leaves none, the collector takes the rest. */
class UnusedBlobCollectorTest {
    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.now());
    private Database db;
    private ExecutorService pool;
    private AlbumDao albums;
    private PhotoDao photos;
    private BlobStore blobs;
    private OriginalBlobs originals;
    private PhotoRemoval removal;
    private PhotoIngest ingest;

    private void open(Database database) throws Exception {
        db = database;
        albums = new AlbumDao(db.jdbi(), clock);
        photos = new PhotoDao(db.jdbi());
        blobs = new LocalBlobStore(dir.resolve("blobs"));
        originals = new OriginalBlobs(db.jdbi(), blobs, clock);
        removal = new PhotoRemoval(photos, blobs, originals);
        ingest = new PhotoIngest(photos, originals, new ExifImageInspector(), new JdbiJobQueue(db, clock), () -> { },
                dir.resolve("tmp"), 10_000_000, clock);
    }

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
    void files_no_row_refers_to_are_removed_once_older_than_the_grace_period() throws Exception {
        open(TestDatabases.sqlite(dir));
        long album = albums.insert("a", "A", "", Visibility.PUBLIC, "k");
        long photo = upload(album, 1);
        String used = BlobKeys.derivative(photo, 320, "aaaa");
        put(used);
        photos.markReady(photo, List.of(new Derivative(photo, 320, 200, used, 5)));
        String staleSize = BlobKeys.derivative(photo, 640, "bbbb");
        String sizeOfDeletedPhoto = BlobKeys.derivative(photo + 1000, 320, "cccc");
        String unusedOriginal = BlobKeys.original("ee".repeat(32), "jpg");
        put(staleSize);
        put(sizeOfDeletedPhoto);
        put(unusedOriginal);
        var collector = new UnusedBlobCollector(photos, blobs, originals, clock, Duration.ofHours(1));

        assertThat(collector.collect()).as("within the grace period").isEqualTo(new UnusedBlobCollector.Collected(0, 0));
        assertThat(keys()).hasSize(5);

        clock.advance(Duration.ofHours(1).plusMinutes(1));
        assertThat(collector.collect()).isEqualTo(new UnusedBlobCollector.Collected(2, 1));
        assertThat(keys()).containsExactlyInAnyOrder(used, photos.find(photo).orElseThrow().originalKey());
    }

    @Test
    void deleting_photos_while_their_sizes_are_made_leaves_no_files_on_sqlite() throws Exception {
        open(TestDatabases.sqlite(dir));
        assertDeletingWhileMakingLeavesNoFiles();
    }

    @Test
    void deleting_photos_while_their_sizes_are_made_leaves_no_files_on_postgresql() throws Exception {
        open(TestDatabases.postgres());
        assertDeletingWhileMakingLeavesNoFiles();
    }

    private void assertDeletingWhileMakingLeavesNoFiles() throws Exception {
        var maker = new DerivativeMaker(photos, blobs, new JavaImageEngine(), dir.resolve("tmp/derivatives"));
        long album = albums.insert("a", "A", "", Visibility.PUBLIC, "k");
        pool = Executors.newFixedThreadPool(2);
        for (int round = 0; round < 40; round++) {
            long photo = upload(album, round);
            var start = new CyclicBarrier(2);
            // The deletion starts at a different point of the making each round (the making takes a few ms).
            int delayMicros = round * 150;
            Future<?> made = pool.submit(() -> {
                start.await();
                maker.make(photo);
                return null;
            });
            Future<?> deleted = pool.submit(() -> {
                start.await();
                long until = System.nanoTime() + delayMicros * 1000L;
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
                return removal.deletePhoto(photo);
            });
            made.get();
            deleted.get();
        }
        assertThat(keys()).as("files left behind by photos deleted while being processed").isEmpty();
    }

    private long upload(long album, long seed) throws Exception {
        Path file = GeneratedPhotos.jpeg(dir.resolve("p.jpg"), 400, 300, seed);
        try (InputStream in = Files.newInputStream(file)) {
            var outcome = ingest.ingest(album, "p.jpg", in);
            assertThat(outcome.ok()).as(outcome.message()).isTrue();
            return outcome.photoId();
        }
    }

    private void put(String key) throws Exception {
        blobs.put(key, new ByteArrayInputStream(new byte[5]));
    }

    private List<String> keys() throws Exception {
        try (var listed = blobs.list("")) {
            return listed.map(BlobStore.BlobInfo::key).toList();
        }
    }
}
