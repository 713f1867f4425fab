package org.vitrine.storage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitrine.testing.Eventually;
import org.vitrine.testing.Fixtures;
import org.vitrine.testing.GeneratedPhotos;
import org.vitrine.testing.HttpSession;
import org.vitrine.testing.S3Proxy;
import org.vitrine.testing.VitrineProcess;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cloud store's credentials never show: the site, its worker and the command line run as real processes with
 * distinctive keys against s3proxy, first with a secret the cloud refuses (sending uploads and sizes, and verify
 * fail), then with the right one; every log line, page, header and command output is searched for the keys.
 */
class CredentialsNeverLeakIT {
    private static final String ACCESS_KEY = "LEAKCHECKACCESSKEY7Q";
    private static final String SECRET = "leakcheck-Secret-Zx91-never-print";
    private static final String WRONG_SECRET = "leakcheck-WRONG-Qp47-never-print";
    private static final String BUCKET = "vitrine-leak";

    @TempDir
    Path dataDir;
    @TempDir
    Path scratch;
    private final List<Process> processes = new ArrayList<>();
    private final List<String> produced = new ArrayList<>();
    private final List<Path> logs = new ArrayList<>();
    private S3Proxy s3proxy;
    private int port;

    @AfterEach
    void stopAll() {
        processes.forEach(VitrineProcess::killTree);
        if (s3proxy != null) {
            s3proxy.close();
        }
    }

    private Map<String, String> env(String secret) {
        var env = new HashMap<String, String>();
        env.put("VITRINE_DATA_DIR", dataDir.toString());
        env.put("VITRINE_BIND", "127.0.0.1");
        env.put("VITRINE_PORT", String.valueOf(port));
        env.put("VITRINE_JOB_LEASE_SECONDS", "3");
        env.put("VITRINE_STORAGE", "s3");
        env.put("VITRINE_S3_ENDPOINT", s3proxy.endpoint().toString());
        env.put("VITRINE_S3_BUCKET", BUCKET);
        env.put("VITRINE_S3_PATH_STYLE", "true");
        env.put("VITRINE_S3_ACCESS_KEY", ACCESS_KEY);
        env.put("VITRINE_S3_SECRET_KEY", secret);
        return env;
    }

    @Test
    void no_log_page_or_command_output_shows_a_key_even_when_the_cloud_refuses_them() throws Exception {
        s3proxy = S3Proxy.start(scratch, ACCESS_KEY, SECRET);
        try (S3Client s3 = S3Client.builder().httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(S3Proxy.REGION)).endpointOverride(s3proxy.endpoint()).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY,
                        SECRET))).build()) {
            s3.createBucket(b -> b.bucket(BUCKET));
        }
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path folder = Files.createDirectories(scratch.resolve("import"));
        for (int i = 0; i < 3; i++) {
            GeneratedPhotos.jpeg(folder.resolve("p" + i + ".jpg"), 900, 600, 40 + i);
        }
        // Stored in the cloud while no site runs: their sizes are made by the worker of the site started next.
        var imported = cli(env(SECRET), "", "import", folder.toString(), "--album", "Trip");
        assertThat(imported.exitCode()).as(imported.stderr()).isZero();

        // The cloud refuses the site's secret: sizes, uploads, originals, verify and migrate fail.
        Process refused = serve(env(WRONG_SECRET), "refused.log");
        Eventually.until("a job failed on the refused secret", () -> count(
                "SELECT COUNT(*) FROM jobs WHERE last_error IS NOT NULL") > 0, logs.toArray(Path[]::new));
        HttpSession owner = ownerFromSetupLink(scratch.resolve("refused.log"));
        long photo = count("SELECT MIN(id) FROM photos");
        String album = slug();
        fetch(owner, "/admin", "/a/" + album, "/a/" + album + "/" + photo, "/media/o/" + photo + "/original.jpg",
                "/no/such/page", "/healthz", "/admin/albums/" + count("SELECT MIN(id) FROM albums"));
        owner.csrfFrom("/admin");
        var upload = owner.upload("/admin/albums/" + count("SELECT MIN(id) FROM albums") + "/photos",
                List.of(GeneratedPhotos.jpeg(scratch.resolve("web.jpg"), 640, 480, 99)), List.of("web.jpg"));
        // Accepted into the local spool (a cloud primary store sends it later): its failed sends are logged.
        record(upload);
        cli(env(WRONG_SECRET), "", "jobs");
        var verify = cli(env(WRONG_SECRET), "", "storage", "verify");
        assertThat(verify.exitCode()).as(verify.stdout() + verify.stderr()).isNotZero();
        // (migrate with a refusing cloud: MigrateCommandTest; here the imported files are still in the local spool,
        // so a move would succeed without asking the cloud.)
        VitrineProcess.stop(refused);

        // The right secret: the site works, and shows no key either.
        serve(env(SECRET), "right.log");
        owner = signedIn();
        fetch(owner, "/admin", "/a/" + album, "/a/" + album + "/" + photo, "/media/o/" + photo + "/original.jpg");

        for (Path log : logs) {
            produced.add(Files.readString(log));
        }
        assertThat(String.join("\n", produced)).as("something was produced").contains("Trip")
                .contains("storage");
        for (String secret : List.of(ACCESS_KEY, SECRET, WRONG_SECRET)) {
            for (String text : produced) {
                assertThat(text).as("no output shows " + secret).doesNotContain(secret);
            }
        }
    }

    private Process serve(Map<String, String> env, String logName) {
        Path log = scratch.resolve(logName);
        logs.add(log);
        Process site = VitrineProcess.start(env, log, "serve");
        processes.add(site);
        var probe = new HttpSession(URI.create("http://127.0.0.1:" + port));
        Eventually.until("the site answers", () -> {
            try {
                return probe.get("/healthz").statusCode() == 200;
            } catch (RuntimeException e) {
                return false;
            }
        }, log);
        return site;
    }

    /** The owner account made through the one-time setup link the site logs (no extra process for it). */
    private HttpSession ownerFromSetupLink(Path log) throws IOException {
        var link = java.util.regex.Pattern.compile("/setup\\?token=(\\S+)").matcher(Files.readString(log));
        assertThat(link.find()).as("the setup link is logged").isTrue();
        var session = new HttpSession(URI.create("http://127.0.0.1:" + port));
        session.csrfFrom("/setup?token=" + link.group(1));
        var response = session.postForm("/setup", Map.of("token", link.group(1), "email", Fixtures.OWNER_EMAIL,
                "password", Fixtures.OWNER_PASSWORD, "password2", Fixtures.OWNER_PASSWORD));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(303);
        session.csrfFrom("/admin");
        return session;
    }

    private HttpSession signedIn() {
        var session = new HttpSession(URI.create("http://127.0.0.1:" + port));
        session.csrfFrom("/login");
        var response = session.postForm("/login", Map.of("email", Fixtures.OWNER_EMAIL,
                "password", Fixtures.OWNER_PASSWORD));
        assertThat(response.statusCode()).isEqualTo(303);
        return session;
    }

    private void fetch(HttpSession session, String... paths) {
        for (String path : paths) {
            record(session.get(path));
        }
    }

    private void record(HttpResponse<String> response) {
        produced.add(response.uri() + " " + response.statusCode() + "\n" + response.headers().map() + "\n"
                + response.body());
    }

    private VitrineProcess.Result cli(Map<String, String> env, String stdin, String... args) {
        var result = VitrineProcess.run(env, stdin, args);
        produced.add(String.join(" ", args) + "\n" + result.stdout() + "\n" + result.stderr());
        return result;
    }

    private String slug() throws SQLException {
        try (Connection db = connect(); var rs = db.createStatement().executeQuery("SELECT slug FROM albums")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private long count(String sql) {
        try (Connection db = connect(); var rs = db.createStatement().executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException e) {
            return -1;
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("vitrine.db"));
    }
}
