package org.vitrine.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import org.vitrine.testing.VitrineProcess;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** The site with its supervised image worker, given a photo that exhausts the worker's memory. */
class WorkerCrashIT {
    @TempDir
    Path dataDir;
    @TempDir
    Path scratch;
    Process site;
    final AtomicBoolean probing = new AtomicBoolean(true);

    @AfterEach
    void stopSite() {
        probing.set(false);
        if (site != null) {
            VitrineProcess.killTree(site);
        }
    }

    @Test
    void a_photo_that_kills_the_worker_twice_is_set_aside_while_the_site_keeps_serving_and_other_photos_are_processed()
            throws Exception {
        int port = freePort();
        Map<String, String> env = Map.of("VITRINE_DATA_DIR", dataDir.toString(), "VITRINE_BIND", "127.0.0.1",
                "VITRINE_PORT", String.valueOf(port), "VITRINE_BASE_URL", "http://localhost:" + port,
                // 24 MB of heap runs the worker and small photos, but not a 49 MP decode by the pure-Java engine
                // (libvips decodes outside the heap, shrinking on load: it would not die here)
                "VITRINE_WORKER_MEMORY_MB", "24", "VITRINE_IMAGE_ENGINE", "java");
        var config = Config.fromEnvironment(env);
        long big;
        long smallBefore;
        String slug;
        try (App app = App.open(config)) {
            var album = new Fixtures(app).album("Hostile", Visibility.PUBLIC);
            slug = album.slug();
            big = ingest(app, album.id(), GeneratedPhotos.largeGrey(scratch.resolve("big.jpg"), 7000, 7000));
            smallBefore = ingest(app, album.id(), GeneratedPhotos.jpeg(scratch.resolve("s1.jpg"), 640, 480, 1));
        }
        Path log = scratch.resolve("site.log");
        site = VitrineProcess.start(env, log, "serve");
        var client = HttpClient.newHttpClient();
        URI health = URI.create("http://127.0.0.1:" + port + "/healthz");
        Eventually.until("the site to answer", () -> status(client, health) == 200, log);
        List<Integer> healthAnswers = new CopyOnWriteArrayList<>();
        Thread prober = Thread.ofVirtual().start(() -> {
            while (probing.get()) {
                healthAnswers.add(status(client, health));
                sleep(100);
            }
        });

        try (App app = App.open(config)) {
            Eventually.until("the big photo to be set aside", () -> statusOf(app, big)== PhotoStatus.FAILED, log);
            assertThat(statusOf(app, smallBefore)).isEqualTo(PhotoStatus.READY);
            var job = app.jobs().list(100).stream().filter(j -> j.subjectId() == big).findFirst().orElseThrow();
            assertThat(job.status()).isEqualTo(JobStatus.FAILED);
            assertThat(job.failure()).isEqualTo(FailureReason.CRASHED);
            assertThat(job.lastError()).contains("2 times").contains("OutOfMemoryError");
            int crashes = app.database().jdbi().withHandle(h -> h.createQuery(
                    "SELECT crashes FROM jobs WHERE id = :id").bind("id", job.id()).mapTo(Integer.class).one());
            assertThat(crashes).isEqualTo(2);

            // The worker was restarted: a photo uploaded after the crashes is still processed.
            var album = app.albums().findBySlug(slug).orElseThrow();
            long smallAfter = ingest(app, album.id(), GeneratedPhotos.jpeg(scratch.resolve("s2.jpg"), 640, 480, 2));
            Eventually.until("the photo uploaded after the crashes", () -> statusOf(app, smallAfter)== PhotoStatus.READY,
                    log);
            // The owner's reason, set by the job's set-aside handler; visitors get a plain sentence (below).
            assertThat(app.photos().find(big).orElseThrow().statusDetail()).contains("crashed the image worker 2 times");
        }
        var api = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/albums/" + slug))
                .build(), HttpResponse.BodyHandlers.ofString());
        var photos = new ObjectMapper().readTree(api.body()).get("photos");
        // A visitor reads that the photo failed in plain words, never the internal reason (the job keeps that).
        String shownToVisitors = null;
        for (var photo : photos) {
            if (photo.get("id").asLong() == big) {
                shownToVisitors = photo.get("error").asText();
            }
        }
        assertThat(shownToVisitors).as(api.body()).contains("could not be processed")
                .doesNotContain("crashed").doesNotContain("OutOfMemoryError");

        probing.set(false);
        prober.join();
        assertThat(healthAnswers).as("/healthz during the crashes").isNotEmpty().containsOnly(200);
        String output = Files.readString(log);
        assertThat(output).contains("released (crash 1 of 2)").contains("crashed the worker 2 times")
                .contains("exit 3, OutOfMemoryError");
    }

    private static long ingest(App app, long albumId, Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            var outcome = app.ingest().ingest(albumId, file.getFileName().toString(), in);
            assertThat(outcome.ok()).as(outcome.message()).isTrue();
            return outcome.photoId();
        }
    }

    private static PhotoStatus statusOf(App app, long photoId) {
        return app.photos().find(photoId).orElseThrow().status();
    }

    private static int status(HttpClient client, URI uri) {
        try {
            return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static int freePort() throws IOException {
        try (var socket = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
