package org.vitrine.nodes;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitrine.App;
import org.vitrine.access.Visibility;
import org.vitrine.album.Album;
import org.vitrine.config.Config;
import org.vitrine.photo.Derivative;
import org.vitrine.photo.PhotoStatus;
import org.vitrine.testing.Eventually;
import org.vitrine.testing.Fixtures;
import org.vitrine.testing.GeneratedPhotos;
import org.vitrine.testing.HttpSession;
import org.vitrine.testing.NginxProcess;
import org.vitrine.testing.TestDatabases;
import org.vitrine.testing.VitrineProcess;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two web nodes and two workers on one PostgreSQL database and one data folder, behind nginx round robin (the
 * documented configuration). Under continuous page and image load, and in the middle of a 100-photo upload,
 * one web node is killed with kill -9. The upload completes through the other node (the uploader sends again,
 * with the same Idempotency-Key, what was cut off, as the upload script does), no photo is lost or stored twice,
 * and no request fails except those in flight at the kill. The killed node is then started again and nginx
 * sends it requests again without anyone touching nginx.
 */
class WebNodeKillIT {
    static final int BATCH = 100;
    static final int KILL_AFTER = 30;
    static final int UPLOADERS = 3;
    static final int MAX_TRIES = 10;

    @TempDir
    Path dataDir;
    @TempDir
    Path scratch;

    private final List<Process> processes = new ArrayList<>();
    private final ClientLog clients = new ClientLog();
    private final AtomicInteger retried = new AtomicInteger();
    private NginxProcess nginx;
    private App admin;
    private ScheduledExecutorService load;
    private ExecutorService uploaders;

    @AfterEach
    void stopEverything() {
        if (load != null) {
            load.shutdownNow();
        }
        if (uploaders != null) {
            uploaders.shutdownNow();
        }
        processes.stream().filter(Process::isAlive).forEach(VitrineProcess::killTree);
        if (nginx != null) {
            nginx.close();
        }
        if (admin != null) {
            admin.close();
        }
    }

    @Test
    void killing_a_web_node_mid_upload_loses_no_photo_stores_none_twice_and_fails_only_requests_in_flight()
            throws Exception {
        int portA = freePort();
        int portB = freePort();
        nginx = NginxProcess.start(scratch, List.of("127.0.0.1:" + portA, "127.0.0.1:" + portB));
        String site = nginx.url().toString().replaceAll("/$", "");
        Map<String, String> env = new HashMap<>(Map.of(
                "VITRINE_DATA_DIR", dataDir.toString(),
                "VITRINE_DATABASE_URL", TestDatabases.newPostgresSchemaUrl(),
                "VITRINE_DATABASE_USER", TestDatabases.POSTGRES_USER,
                "VITRINE_BIND", "127.0.0.1",
                "VITRINE_BASE_URL", site,
                "VITRINE_TRUSTED_PROXIES", "127.0.0.1",
                "VITRINE_JOB_LEASE_SECONDS", "3",
                // Web nodes only serve; the two `vitrine worker` processes make the sizes.
                "VITRINE_WORKERS", "none"));

        admin = App.open(Config.fromEnvironment(env));
        new Fixtures(admin).owner();
        Album shown = new Fixtures(admin).album("Shown", Visibility.PUBLIC);
        Album batch = new Fixtures(admin).album("Batch", Visibility.PRIVATE);
        List<Long> shownPhotos = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Path file = GeneratedPhotos.jpeg(scratch.resolve("shown-" + i + ".jpg"), 480, 360, i);
            try (InputStream in = Files.newInputStream(file)) {
                shownPhotos.add(admin.ingest().ingest(shown.id(), "shown.jpg", in).photoId());
            }
        }

        Path logA = scratch.resolve("web-a.log");
        Path logB = scratch.resolve("web-b.log");
        Path[] logs = {logA, logB, scratch.resolve("worker-1.log"), scratch.resolve("worker-2.log"), nginx.errorLog()};
        List<Path> photos = new ArrayList<>();
        for (int i = 0; i < BATCH; i++) {
            photos.add(GeneratedPhotos.jpeg(scratch.resolve("batch-" + i + ".jpg"), 320, 240, 1000 + i));
        }
        // The web nodes first, the workers once they serve: four JVMs starting at once on a small shared machine
        // can take longer than a wait allows.
        Process webA = start(env, portA, logA, "serve");
        start(env, portB, logB, "serve");
        Eventually.until("web node A answers", () -> answers(portA), logs);
        Eventually.until("web node B answers", () -> answers(portB), logs);
        start(env, 0, logs[2], "worker");
        start(env, 0, logs[3], "worker");
        Eventually.until("the shown photos processed", () -> shownPhotos.stream().allMatch(id ->
                admin.photos().find(id).orElseThrow().status() == PhotoStatus.READY), logs);
        List<String> images = shownPhotos.stream()
                .flatMap(id -> admin.photos().derivatives(id).stream().map(Derivative::url)).toList();

        HttpSession owner = nginx.session();
        owner.csrfFrom("/login");
        assertThat(owner.postForm("/login", Map.of("email", Fixtures.OWNER_EMAIL,
                "password", Fixtures.OWNER_PASSWORD)).statusCode()).isEqualTo(303);
        String csrf = owner.csrfFrom("/admin/albums/" + batch.id());
        String cookie = owner.cookieHeader();
        HttpClient client = HttpClient.newBuilder().sslContext(nginx.sslContext())
                .connectTimeout(Duration.ofSeconds(5)).build();

        // Continuous load: two visitors reading pages, two loading images, each a request every 20 ms.
        load = Executors.newScheduledThreadPool(4);
        List<String> pages = List.of("/", "/a/" + shown.slug());
        AtomicInteger turn = new AtomicInteger();
        for (int i = 0; i < 2; i++) {
            load.scheduleWithFixedDelay(() -> get(client, pages.get(turn.getAndIncrement() % pages.size())),
                    0, 20, TimeUnit.MILLISECONDS);
            load.scheduleWithFixedDelay(() -> get(client, images.get(turn.getAndIncrement() % images.size())),
                    0, 20, TimeUnit.MILLISECONDS);
        }

        // The batch: three files at a time, as the upload script sends them.
        uploaders = Executors.newFixedThreadPool(UPLOADERS);
        var killPoint = new CountDownLatch(KILL_AFTER);
        URI uploadUrl = URI.create(site + "/admin/albums/" + batch.id() + "/photos");
        List<Future<Long>> uploads = new ArrayList<>();
        for (Path photo : photos) {
            uploads.add(uploaders.submit(() -> {
                long id = upload(client, uploadUrl, photo, cookie, csrf);
                killPoint.countDown();
                return id;
            }));
        }
        assertThat(killPoint.await(60, TimeUnit.SECONDS)).as("%d uploads done", KILL_AFTER).isTrue();
        long killFrom = System.nanoTime();
        VitrineProcess.killTree(webA);
        long killTo = System.nanoTime();

        Set<Long> uploaded = new HashSet<>();
        for (Future<Long> upload : uploads) {
            uploaded.add(upload.get(60, TimeUnit.SECONDS));
        }
        assertThat(uploaded).as("every upload answered with its own photo").hasSize(BATCH);
        assertThat(count("SELECT COUNT(*) FROM photos WHERE album_id = " + batch.id())).isEqualTo(BATCH);
        assertThat(count("SELECT COUNT(DISTINCT sha256) FROM photos WHERE album_id = " + batch.id()))
                .isEqualTo(BATCH);
        Eventually.until("every uploaded photo processed", () -> count("SELECT COUNT(*) FROM photos WHERE album_id = "
                + batch.id() + " AND status = '" + PhotoStatus.READY.code() + "'") == BATCH, logs);

        // Started again by its service manager; nobody touches nginx.
        start(env, portA, logA, "serve");
        Eventually.until("nginx sending requests to the restarted node", () -> connectionsTo(portA) > 0, logs);
        long rejoined = System.nanoTime();
        Eventually.until("load served after the rejoin", () -> clients.countAfter(rejoined) >= 40, logs);
        load.shutdown();
        assertThat(load.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        List<ClientLog.Request> all = clients.all();
        List<ClientLog.Request> failed = all.stream().filter(r -> r.failed(200)).toList();
        System.out.printf("node kill: %d requests, %d failed (all in flight at the kill), %d uploads sent again%n",
                all.size(), failed.size(), retried.get());
        assertThat(failed).as("failed requests not in flight at the kill")
                .allMatch(r -> r.inFlightDuring(killFrom, killTo));
        assertThat(all.stream().filter(r -> r.startNanos() > killTo && r.what().startsWith("GET")))
                .as("load went on after the kill").isNotEmpty();
        // The photos went through whole: an uploaded photo's size is served through nginx.
        long first = uploaded.iterator().next();
        String size = admin.photos().derivatives(first).getFirst().url();
        assertThat(owner.getBytes(size, Map.of()).statusCode()).isEqualTo(200);
    }

    private Process start(Map<String, String> env, int port, Path log, String command) {
        var withPort = new HashMap<>(env);
        if (port > 0) {
            withPort.put("VITRINE_PORT", String.valueOf(port));
        }
        Process process = VitrineProcess.start(withPort, log, command);
        processes.add(process);
        return process;
    }

    private void get(HttpClient client, String path) {
        long start = System.nanoTime();
        int status = 0;
        String error = null;
        try {
            var request = HttpRequest.newBuilder(nginx.url().resolve(path)).timeout(Duration.ofSeconds(30)).build();
            status = client.send(request, HttpResponse.BodyHandlers.ofByteArray()).statusCode();
        } catch (IOException e) {
            error = e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        clients.add(new ClientLog.Request("GET " + path, start, System.nanoTime(), status, error));
    }

    /** Uploads one photo as the upload script does: one Idempotency-Key, sent again while the answer is lost. */
    private long upload(HttpClient client, URI url, Path photo, String cookie, String csrf) throws Exception {
        String key = UUID.randomUUID().toString();
        String boundary = "----vitrine" + UUID.randomUUID();
        byte[] body = multipart(boundary, photo);
        for (int attempt = 1; attempt <= MAX_TRIES; attempt++) {
            var request = HttpRequest.newBuilder(url)
                    .timeout(Duration.ofSeconds(30))
                    .header("Cookie", cookie)
                    .header("X-CSRF-Token", csrf)
                    .header("Accept", "application/json")
                    .header("Idempotency-Key", key)
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
            long start = System.nanoTime();
            int status = 0;
            String error = null;
            String answer = null;
            try {
                var response = client.send(request, HttpResponse.BodyHandlers.ofString());
                status = response.statusCode();
                answer = response.body();
            } catch (IOException e) {
                error = e.toString();
            }
            clients.add(new ClientLog.Request("POST " + photo.getFileName() + " try " + attempt, start,
                    System.nanoTime(), status, error));
            if (status == 200) {
                JsonNode result = HttpSession.parse(answer).get("results").get(0);
                assertThat(result.get("ok").asBoolean()).as(answer).isTrue();
                return result.get("photoId").asLong();
            }
            if (status != 0 && status != 502 && status != 503 && status != 504) {
                throw new AssertionError("upload of " + photo.getFileName() + " answered " + status + ": " + answer);
            }
            retried.incrementAndGet();
        }
        throw new AssertionError("upload of " + photo.getFileName() + " still cut off after " + MAX_TRIES + " tries");
    }

    private static byte[] multipart(String boundary, Path photo) throws IOException {
        var out = new ByteArrayOutputStream();
        out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"photos\"; filename=\""
                + photo.getFileName() + "\"\r\nContent-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.write(Files.readAllBytes(photo));
        out.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private long count(String sql) {
        return admin.database().jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    /** Whether a web node answers its health check, asked directly on a connection closed at once. */
    private static boolean answers(int port) {
        try (var socket = new java.net.Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String status = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            return status.endsWith("200");
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Open connections to this local port: once the restarted node's health was checked, only nginx connects to
     * it, and it does so only to pass it requests (Linux's tables of TCP sockets).
     */
    private static long connectionsTo(int port) {
        String local = String.format(":%04X", port);
        long count = 0;
        // A Java server's socket is an IPv6 one even on 127.0.0.1 (an IPv4-mapped address): both tables count.
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                count += Files.readAllLines(Path.of(table)).stream().skip(1)
                        .map(line -> line.trim().split("\\s+"))
                        .filter(f -> f[1].endsWith(local) && f[3].equals("01"))
                        .count();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return count;
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
