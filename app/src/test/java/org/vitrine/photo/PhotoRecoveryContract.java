package org.vitrine.photo;

import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vitrine.access.Visibility;
import org.vitrine.album.AlbumDao;
import org.vitrine.db.Database;
import org.vitrine.db.Dialect;
import org.vitrine.jobs.Job;
import org.vitrine.jobs.JdbiJobQueue;
import org.vitrine.jobs.JobKind;
import org.vitrine.jobs.JobQueue;
import org.vitrine.media.ImageFormat;
import org.vitrine.media.inspect.PhotoMetadata;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PhotoRecoveryContract is what start-up recovery relies on, on every database Vitrine supports: photos waiting
 * for an engine are found by a field, and a photo is queued again only while it still needs its sizes.
 * Subclassed once per database.
 */
abstract class PhotoRecoveryContract {
    private static final Duration LEASE = Duration.ofMinutes(5);

    private Database db;
    private PhotoDao photos;
    private JobQueue jobs;
    private long album;
    private int photoCount;

    /** A JDBC URL of a new, empty database. */
    abstract String newDatabaseUrl();

    abstract String user();

    private void open(String url) {
        db = Database.open(url, user(), "");
        photos = new PhotoDao(db.jdbi());
        jobs = new JdbiJobQueue(db, Clock.systemUTC());
        album = new AlbumDao(db.jdbi(), Clock.systemUTC()).insert("recovery", "Recovery", "", Visibility.PRIVATE,
                "k".repeat(32));
    }

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
    }

    private long photo(ImageFormat format) {
        String sha = Integer.toHexString(++photoCount).repeat(64).substring(0, 64);
        var metadata = new PhotoMetadata(4032, 3024, 1, null, null, null, null, null, null, null, null, null, null,
                null, null);
        return photos.insert(new PhotoDao.NewPhoto(album, sha, "originals/" + sha, "IMG_" + photoCount, format,
                1234, metadata, 1000));
    }

    @Test
    void a_photo_a_worker_finishes_after_recovery_read_it_is_not_queued_again() {
        open(newDatabaseUrl());
        long id = photo(ImageFormat.JPEG);
        jobs.enqueue(JobKind.DERIVATIVES, id);
        Job running = jobs.claim("other-worker/1", Set.of(JobKind.DERIVATIVES), LEASE).orElseThrow();

        // Recovery in a starting process reads the photo as still processing...
        List<Long> page = photos.idsWithStatus(PhotoStatus.PROCESSING, 0, 100);
        assertThat(page).containsExactly(id);
        // ...the other process's worker finishes it, in the order a worker does: photo ready, then job done...
        photos.markReady(id, List.of(new Derivative(id, 320, 240, "derivatives/" + id + "/320.jpg", 100)));
        assertThat(jobs.complete(running.id(), "other-worker/1")).isTrue();
        // ...and only then does recovery queue its page.
        int queued = jobs.enqueueIf(JobKind.DERIVATIVES, page, PhotoDao.STILL_PROCESSING);

        assertThat(queued).isZero();
        assertThat(jobs.counts()).isEqualTo(new JobQueue.Counts(0, 0, 1, 0));
    }

    @Test
    void recovery_queues_a_processing_photo_without_a_job_once_and_leaves_one_whose_job_runs() {
        open(newDatabaseUrl());
        long orphan = photo(ImageFormat.JPEG);
        long inProgress = photo(ImageFormat.JPEG);
        jobs.enqueue(JobKind.DERIVATIVES, inProgress);
        jobs.claim("other-worker/1", Set.of(JobKind.DERIVATIVES), LEASE).orElseThrow();
        List<Long> page = photos.idsWithStatus(PhotoStatus.PROCESSING, 0, 100);
        assertThat(page).containsExactly(orphan, inProgress);

        assertThat(jobs.enqueueIf(JobKind.DERIVATIVES, page, PhotoDao.STILL_PROCESSING)).isEqualTo(1);
        assertThat(jobs.enqueueIf(JobKind.DERIVATIVES, page, PhotoDao.STILL_PROCESSING)).as("a second recovery")
                .isZero();

        assertThat(jobs.counts()).isEqualTo(new JobQueue.Counts(1, 1, 0, 0));
        assertThat(jobs.list(10)).filteredOn(j -> j.subjectId() == orphan).singleElement()
                .satisfies(j -> assertThat(j.kind()).isEqualTo(JobKind.DERIVATIVES));
    }

    @Test
    void photos_waiting_for_an_engine_are_found_by_their_failure_whatever_their_message_says() {
        open(newDatabaseUrl());
        long waiting = photo(ImageFormat.HEIC);
        long damaged = photo(ImageFormat.HEIC);
        long avif = photo(ImageFormat.AVIF);
        photos.markFailed(waiting, PhotoFailure.NO_ENGINE, "This engine cannot read HEIC.");
        photos.markFailed(damaged, PhotoFailure.UNDECODABLE, "Not processed yet: the words do not decide");
        photos.markFailed(avif, PhotoFailure.NO_ENGINE, "Not processed yet: no AVIF decoder");

        assertThat(photos.find(waiting).orElseThrow().failure()).isEqualTo(PhotoFailure.NO_ENGINE);
        assertThat(photos.idsWaitingForAnEngine(List.of(ImageFormat.HEIC, ImageFormat.JPEG), 0, 100))
                .containsExactly(waiting);
        assertThat(photos.idsWaitingForAnEngine(List.of(ImageFormat.HEIC, ImageFormat.AVIF), waiting, 100))
                .containsExactly(avif);

        assertThat(photos.markProcessingIfWaitingForAnEngine(List.of(waiting, damaged))).isEqualTo(1);
        assertThat(photos.markProcessingIfWaitingForAnEngine(List.of(waiting))).as("taken back already").isZero();
        Photo retried = photos.find(waiting).orElseThrow();
        assertThat(retried.status()).isEqualTo(PhotoStatus.PROCESSING);
        assertThat(retried.failure()).isNull();
        assertThat(retried.statusDetail()).isNull();
        assertThat(photos.find(damaged).orElseThrow().failure()).isEqualTo(PhotoFailure.UNDECODABLE);
    }

    @Test
    void photos_failed_before_the_failure_field_existed_get_it_from_their_old_message() {
        String url = newDatabaseUrl();
        Flyway.configure().dataSource(url, user(), "").locations("classpath:db/migration")
                .placeholders(Dialect.of(url).migrationPlaceholders()).target("9").load().migrate();
        var old = Jdbi.create(url, user(), "");
        old.useHandle(h -> {
            h.execute("INSERT INTO albums (slug, title, visibility, share_key, created_at, updated_at) "
                    + "VALUES ('old', 'Old', 'private', 'key', 0, 0)");
            String insert = "INSERT INTO photos (album_id, sha256, original_key, original_name, format, byte_size, "
                    + "width, height, orientation, status, status_detail, uploaded_at) "
                    + "SELECT id, ?, 'originals/x', 'x', 'HEIC', 1, 1, 1, 1, ?, ?, 0 FROM albums";
            h.execute(insert, "a".repeat(64), "failed", "Not processed yet: the java engine cannot decode HEIC");
            h.execute(insert, "b".repeat(64), "failed", "The image could not be decoded: truncated");
            h.execute(insert, "c".repeat(64), "failed", "Processing this photo took longer than its time limit 2 "
                    + "times (it may be damaged or built to be slow to decode). It is kept; an admin can retry it.");
            h.execute(insert, "d".repeat(64), "failed", "This photo crashed the image worker 2 times (...)");
            h.execute(insert, "e".repeat(64), "failed", "Processing failed 5 times: java.lang.Error");
            h.execute(insert, "f".repeat(64), "ready", null);
            h.execute(insert, "0".repeat(64), "failed", "The sizes of this photo could not be stored after 5 "
                    + "attempts (the server's disk is full). The photo is kept; retry it once that is fixed.");
        });

        open(url);
        List<String> failures = db.jdbi().withHandle(h -> h.createQuery(
                        "SELECT sha256, failure FROM photos ORDER BY sha256")
                .map((rs, ctx) -> rs.getString("sha256").charAt(0) + "=" + rs.getString("failure")).list());
        assertThat(failures).containsExactly("0=STORAGE", "a=NO_ENGINE", "b=UNDECODABLE", "c=TIMED_OUT", "d=CRASHED_WORKER", "e=ERROR",
                        "f=null");
        assertThat(photos.idsWaitingForAnEngine(List.of(ImageFormat.HEIC), 0, 100)).hasSize(1);
    }
}
