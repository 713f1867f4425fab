package org.vitrine.storage.mirror;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitrine.App;
import org.vitrine.access.Visibility;
import org.vitrine.album.Album;
import org.vitrine.cli.StorageVerifyRun;
import org.vitrine.photo.Photo;
import org.vitrine.photo.PhotoStatus;
import org.vitrine.photo.Pictures;
import org.vitrine.storage.BlobStore;
import org.vitrine.storage.ChecksumCheckingBlobStore;
import org.vitrine.storage.StorageException;
import org.vitrine.testing.Eventually;
import org.vitrine.testing.Fixtures;
import org.vitrine.testing.GeneratedPhotos;
import org.vitrine.testing.HttpSession;
import org.vitrine.testing.TestApp;
import org.vitrine.testing.TestDatabases;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Mirror mode against a real cloud emulator, faults included: the cloud taken down during uploads, an object
 * damaged in the cloud, an original damaged or lost on the local disk. The same tests run for each cloud, through
 * the blob store contract; subclasses start the emulator and say how to stop and restart it.
 */
abstract class MirrorFaultContract {
    private static final AtomicInteger prefixes = new AtomicInteger();

    @TempDir
    Path dir;
    private Path dataDir;
    private String prefix;
    private Map<String, String> extra;
    private App app;
    private BlobStore cloud;

    /** The settings that mirror to the emulator under this key prefix. */
    protected abstract Map<String, String> mirrorSettings(String prefix);

    /** The emulator's store under this prefix, as the test inspects and damages it (no checksum checking). */
    protected abstract BlobStore rawCloud(String prefix);

    protected abstract void stopCloud();

    protected abstract void restartCloud();

    /** Secrets and addresses that must never reach the admin page. */
    protected abstract List<String> secrets();

    /** The setting that gives the mirror a wrong secret, which must never be shown either. */
    protected abstract Map.Entry<String, String> wrongSecret();

    private App start(Map<String, String> extra) {
        dataDir = dir.resolve("data");
        prefix = "mirror-" + prefixes.incrementAndGet();
        cloud = rawCloud(prefix);
        this.extra = extra;
        app = TestApp.start(dataDir, settings());
        return app;
    }

    private Map<String, String> settings() {
        var settings = new HashMap<>(mirrorSettings(prefix));
        settings.putAll(extra);
        return settings;
    }

    @AfterEach
    void close() throws Exception {
        if (app != null) {
            app.close();
        }
        if (cloud instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    @Test
    void uploads_succeed_while_the_cloud_is_down_the_backlog_grows_and_drains_once_it_is_back() throws Exception {
        start(Map.of());
        var fx = new Fixtures(app);
        HttpSession owner = fx.signedIn();
        Album album = fx.album("Kept safe", Visibility.PRIVATE);
        List<Long> ids = new ArrayList<>(List.of(upload(album, 1)));
        Eventually.until("the first photo mirrored", () -> status().backlog() == 0 && status().copies() == 1);

        stopCloud();
        try {
            for (int seed = 2; seed <= 4; seed++) {
                ids.add(upload(album, seed)); // accepted at once: an upload never waits for the cloud
            }
            Eventually.until("the copies failing while the cloud is down",
                    () -> status().failing() && status().backlog() == 3);
            var page = owner.get("/admin");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("Mirror to").contains("id=\"mirror-backlog\">3<")
                    .contains("did not answer").contains("Waiting longest: photo " + ids.get(1));
            for (String secret : secrets()) {
                assertThat(page.body()).doesNotContain(secret);
            }
            for (long id : ids) {
                assertThat(app.photos().find(id).orElseThrow().status()).isNotEqualTo(PhotoStatus.FAILED);
            }
        } finally {
            restartCloud();
        }

        Eventually.until("the backlog drained after the cloud came back", () -> status().backlog() == 0);
        for (long id : ids) {
            Photo photo = app.photos().find(id).orElseThrow();
            var info = cloud.stat(photo.originalKey()).orElseThrow();
            assertThat(info.sha256()).hasValue(photo.sha256());
            assertThat(sha256(cloud, photo.originalKey())).isEqualTo(photo.sha256());
        }
        assertThat(status().failing()).isFalse();
        assertThat(owner.get("/admin").body()).contains("id=\"mirror-backlog\">0<").contains("up to date");
        var verified = verify();
        assertThat(verified.exitCode()).as(verified.output()).isZero();
        assertThat(verified.output()).contains("checked 4 copies").contains("0 missing, 0 corrupt; 0 files");
    }

    @Test
    void a_refused_key_is_shown_as_a_refusal_in_plain_words_and_no_secret_reaches_the_admin_page_or_the_jobs()
            throws Exception {
        var wrong = wrongSecret();
        start(Map.of(wrong.getKey(), wrong.getValue()));
        var fx = new Fixtures(app);
        HttpSession owner = fx.signedIn();
        long id = upload(fx.album("Refused", Visibility.PRIVATE), 41);

        Eventually.until("the copy refused", () -> status().failing());
        assertThat(status().lastError()).hasValueSatisfying(error -> assertThat(error).contains("refused access"));
        String page = owner.get("/admin").body();
        assertThat(page).contains("refused access").contains("Waiting longest: photo " + id);
        List<String> secrets = new ArrayList<>(secrets());
        secrets.add(wrong.getValue());
        var jobs = app.jobs().list(100);
        assertThat(jobs).anySatisfy(job -> assertThat(job.lastError()).isNotBlank());
        for (String secret : secrets) {
            assertThat(page).doesNotContain(secret);
        }
        for (var job : jobs) {
            for (String secret : secrets) {
                assertThat(String.valueOf(job.lastError())).doesNotContain(secret);
                assertThat(job.payload()).doesNotContain(secret);
            }
        }
    }

    @Test
    void an_object_damaged_in_the_cloud_is_refused_on_reading_found_by_verify_and_repaired_from_local()
            throws Exception {
        start(Map.of());
        Album album = new Fixtures(app).album("Cloud rot", Visibility.PRIVATE);
        long damagedId = upload(album, 11);
        upload(album, 12);
        Eventually.until("both photos mirrored", () -> status().backlog() == 0 && status().copies() == 2);
        Photo damaged = app.photos().find(damagedId).orElseThrow();
        byte[] good = Files.readAllBytes(dataDir.resolve("blobs").resolve(damaged.originalKey()));
        byte[] rotten = good.clone();
        rotten[rotten.length / 2] ^= 0x55;
        // Bit rot or tampering: other bytes, while the checksum stored with the object still claims the old ones.
        cloud.put(damaged.originalKey(), new ByteArrayInputStream(rotten), Optional.of(damaged.sha256()));

        var checked = new ChecksumCheckingBlobStore(cloud);
        try (InputStream in = checked.open(damaged.originalKey()).orElseThrow()) {
            assertThatThrownBy(in::readAllBytes).isInstanceOfSatisfying(StorageException.class,
                    e -> assertThat(e.problem()).isEqualTo(StorageException.Problem.CORRUPT));
        }
        var found = verify();
        assertThat(found.exitCode()).as(found.output()).isEqualTo(1);
        assertThat(found.output()).contains("0 missing, 1 corrupt; 0 files")
                .contains("corrupt original of photo " + damagedId + " in album \"Cloud rot\" in the mirror");

        var fixed = verify("--fix", "--yes");
        assertThat(fixed.exitCode()).as(fixed.output()).isZero();
        assertThat(fixed.output()).contains("Repaired 1 of 1");
        try (InputStream in = checked.open(damaged.originalKey()).orElseThrow()) {
            assertThat(in.readAllBytes()).isEqualTo(good);
        }
        assertThat(verify().exitCode()).isZero();
    }

    @Test
    void a_local_original_lost_is_fetched_back_when_read_and_one_damaged_or_lost_is_restored_by_verify_fix()
            throws Exception {
        start(Map.of());
        var fx = new Fixtures(app);
        HttpSession owner = fx.signedIn();
        Album album = fx.album("Disk rot", Visibility.PRIVATE);
        Photo damaged = app.photos().find(upload(album, 21)).orElseThrow();
        Photo lost = app.photos().find(upload(album, 22)).orElseThrow();
        Photo served = app.photos().find(upload(album, 23)).orElseThrow();
        Eventually.until("the photos mirrored", () -> status().backlog() == 0 && status().copies() == 3);
        Path damagedFile = dataDir.resolve("blobs").resolve(damaged.originalKey());
        byte[] good = Files.readAllBytes(damagedFile);
        byte[] rotten = good.clone();
        rotten[rotten.length / 3] ^= 0x01;
        Files.write(damagedFile, rotten);
        Path lostFile = dataDir.resolve("blobs").resolve(lost.originalKey());
        Files.delete(lostFile);
        Path servedFile = dataDir.resolve("blobs").resolve(served.originalKey());
        Files.delete(servedFile);

        var download = owner.getBytes(Pictures.originalUrl(served), Map.of());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(sha256(download.body())).isEqualTo(served.sha256());
        assertThat(sha256(Files.readAllBytes(servedFile))).as("restored on disk").isEqualTo(served.sha256());

        var found = verify();
        assertThat(found.exitCode()).as(found.output()).isEqualTo(1);
        assertThat(found.output()).contains("1 missing, 1 corrupt.");

        var fixed = verify("--fix", "--yes");
        assertThat(fixed.exitCode()).as(fixed.output()).isZero();
        assertThat(fixed.output()).contains("Repaired 2 of 2");
        assertThat(Files.readAllBytes(damagedFile)).isEqualTo(good);
        assertThat(sha256(Files.readAllBytes(lostFile))).isEqualTo(lost.sha256());
        assertThat(verify().exitCode()).isZero();
    }

    @Test
    void on_postgresql_sizes_are_mirrored_when_set_and_a_deleted_photo_s_copies_leave_the_cloud() throws Exception {
        // The other tests run on SQLite; this one checks the mirror's queries on PostgreSQL.
        start(Map.of("VITRINE_MIRROR_DERIVATIVES", "true",
                "VITRINE_DATABASE_URL", TestDatabases.newPostgresSchemaUrl(),
                "VITRINE_DATABASE_USER", TestDatabases.POSTGRES_USER));
        var fx = new Fixtures(app);
        HttpSession owner = fx.signedIn();
        Album album = fx.album("Passing", Visibility.PRIVATE);
        long kept = upload(album, 31);
        long deleted = upload(album, 32);
        Eventually.until("both photos sized", () -> app.photos().idsWithStatus(PhotoStatus.PROCESSING).isEmpty());
        List<String> sizes = app.photos().derivatives(deleted).stream().map(d -> d.blobKey()).toList();
        assertThat(sizes).isNotEmpty();
        Eventually.until("originals and sizes mirrored", () -> status().backlog() == 0);
        for (String key : sizes) {
            assertThat(cloud.stat(key)).as(key).isPresent();
        }
        String deletedOriginal = app.photos().find(deleted).orElseThrow().originalKey();
        assertThat(cloud.stat(deletedOriginal)).isPresent();

        owner.csrfFrom("/admin/albums/" + album.id());
        assertThat(owner.postForm("/admin/photos/" + deleted + "/delete", Map.of()).statusCode()).isEqualTo(303);
        // The background sweep looks for deletions every few minutes; the test does not wait for it.
        assertThat(app.mirror().orElseThrow().sweep(app.jobs(), app::wakeWorker).sweep()).isPositive();

        Eventually.until("the deleted photo's copies removed from the cloud", () -> {
            try {
                return cloud.stat(deletedOriginal).isEmpty()
                        && sizes.stream().allMatch(key -> absent(key));
            } catch (StorageException e) {
                return false;
            }
        });
        assertThat(cloud.stat(app.photos().find(kept).orElseThrow().originalKey())).isPresent();
        assertThat(verify().exitCode()).isZero();
    }

    private boolean absent(String key) {
        try {
            return cloud.stat(key).isEmpty();
        } catch (StorageException e) {
            return false;
        }
    }

    private MirrorStatus status() {
        return app.mirror().orElseThrow().status();
    }

    private long upload(Album album, int seed) throws IOException {
        Path file = GeneratedPhotos.jpeg(dir.resolve("photo-" + seed + ".jpg"), 320, 240, seed);
        try (InputStream in = Files.newInputStream(file)) {
            var outcome = app.ingest().ingest(album.id(), "photo-" + seed + ".jpg", in);
            assertThat(outcome.ok()).as(outcome.message()).isTrue();
            return outcome.photoId();
        }
    }

    private StorageVerifyRun.Result verify(String... args) {
        return StorageVerifyRun.run(TestApp.config(dataDir, settings()), args);
    }

    private static String sha256(BlobStore store, String key) throws IOException {
        try (InputStream in = store.open(key).orElseThrow()) {
            return sha256(in.readAllBytes());
        }
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
