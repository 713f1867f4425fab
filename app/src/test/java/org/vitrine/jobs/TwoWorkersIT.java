package org.vitrine.jobs;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitrine.App;
import org.vitrine.access.Visibility;
import org.vitrine.config.Config;
import org.vitrine.photo.PhotoStatus;
import org.vitrine.testing.Eventually;
import org.vitrine.testing.Fixtures;
import org.vitrine.testing.GeneratedPhotos;
import org.vitrine.testing.TestDatabases;
import org.vitrine.testing.VitrineProcess;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Standalone `vitrine worker` processes sharing one PostgreSQL database and one data folder. */
class TwoWorkersIT {
    static final int LEASE_SECONDS = 3;

    @TempDir
    Path dataDir;
    @TempDir
    Path scratch;
    final List<Process> workers = new ArrayList<>();

    @AfterEach
    void stopWorkers() {
        workers.forEach(VitrineProcess::killTree);
    }

    @Test
    void two_workers_on_one_postgresql_database_do_every_job_exactly_once() throws Exception {
        var env = env();
        int photos = 30;
        queuePhotos(env, photos, 800, 600);

        Path logA = scratch.resolve("a.log");
        Path logB = scratch.resolve("b.log");
        workers.add(VitrineProcess.start(env, logA, "worker"));
        workers.add(VitrineProcess.start(env, logB, "worker"));

        try (App app = App.open(Config.fromEnvironment(env))) {
            Eventually.until("all jobs done", () -> app.jobs().counts().done() == photos, logA, logB);
            assertThat(app.jobs().counts()).isEqualTo(new JobQueue.Counts(0, 0, photos, 0));
            assertThat(app.jobs().list(100)).allSatisfy(job -> assertThat(job.attempts()).isEqualTo(1));
            assertThat(app.photos().idsWithStatus(PhotoStatus.READY)).hasSize(photos);
            for (long id : app.photos().idsWithStatus(PhotoStatus.READY)) {
                assertThat(app.photos().derivatives(id)).isNotEmpty();
            }
        }
        // Each job was logged as done by exactly one of the two processes.
        int doneByA = countDone(logA);
        int doneByB = countDone(logB);
        assertThat(doneByA + doneByB).as("jobs done: %d by A, %d by B", doneByA, doneByB).isEqualTo(photos);
    }

    @Test
    void a_worker_killed_mid_job_leaves_its_job_to_the_other_worker_after_the_lease_expires() throws Exception {
        var env = env();
        int photos = 6;
        queuePhotos(env, photos, 4000, 3000);

        Process first = VitrineProcess.start(env, scratch.resolve("a.log"), "worker");
        workers.add(first);
        try (App app = App.open(Config.fromEnvironment(env))) {
            String owner = "-" + first.pid() + "-";
            var held = Eventually.value("a job running in the first worker", () -> app.jobs().list(100).stream()
                    .filter(j -> j.status() == JobStatus.RUNNING && j.leaseOwner() != null
                            && j.leaseOwner().contains(owner))
                    .findFirst());
            first.destroyForcibly().waitFor();
            long killedAt = System.currentTimeMillis();
            workers.add(VitrineProcess.start(env, scratch.resolve("b.log"), "worker"));

            Eventually.until("all jobs done", () -> app.jobs().counts().done() == photos,
                    scratch.resolve("a.log"), scratch.resolve("b.log"));
            var finished = app.jobs().list(100).stream().filter(j -> j.id() == held.id()).findFirst().orElseThrow();
            assertThat(finished.status()).isEqualTo(JobStatus.DONE);
            assertThat(finished.attempts()).as("run again once, by the second worker").isEqualTo(2);
            assertThat(finished.updatedAt() - killedAt).as("finished only after the lease expired")
                    .isGreaterThanOrEqualTo(1_000);
            assertThat(app.jobs().list(100)).filteredOn(j -> j.id() != held.id())
                    .allSatisfy(job -> assertThat(job.attempts()).isEqualTo(1));
            assertThat(app.photos().idsWithStatus(PhotoStatus.READY)).hasSize(photos);
            assertThat(app.photos().derivatives(held.subjectId())).isNotEmpty();
        }
    }

    private Map<String, String> env() {
        return Map.of("VITRINE_DATA_DIR", dataDir.toString(),
                "VITRINE_DATABASE_URL", TestDatabases.newPostgresSchemaUrl(),
                "VITRINE_DATABASE_USER", TestDatabases.POSTGRES_USER,
                "VITRINE_JOB_LEASE_SECONDS", String.valueOf(LEASE_SECONDS));
    }

    /** Stores and queues distinct photos through the app's own ingest, as an upload would. */
    private void queuePhotos(Map<String, String> env, int count, int width, int height) throws IOException {
        try (App app = App.open(Config.fromEnvironment(env))) {
            var album = new Fixtures(app).album("Shared", Visibility.PRIVATE);
            for (int i = 0; i < count; i++) {
                Path file = GeneratedPhotos.jpeg(scratch.resolve("p" + i + ".jpg"), width, height, i);
                try (InputStream in = Files.newInputStream(file)) {
                    assertThat(app.ingest().ingest(album.id(), file.getFileName().toString(), in).ok()).isTrue();
                }
            }
            assertThat(app.jobs().counts().queued()).isEqualTo(count);
        }
    }

    private static int countDone(Path log) throws IOException {
        var done = Pattern.compile("jobs: job \\d+ DERIVATIVES photo \\d+ done in");
        return (int) Files.readAllLines(log).stream().filter(l -> done.matcher(l).find()).count();
    }
}
