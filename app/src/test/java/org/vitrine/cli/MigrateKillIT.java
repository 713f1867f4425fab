package org.vitrine.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitrine.storage.Sha256;
import org.vitrine.testing.Eventually;
import org.vitrine.testing.GeneratedPhotos;
import org.vitrine.testing.S3Proxy;
import org.vitrine.testing.VitrineProcess;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code vitrine storage migrate} run as a real process against s3proxy: killed with kill -9 in the middle, run
 * again, it continues without copying anything twice, copies again a copy damaged meanwhile and loses nothing;
 * then the files move back to the local disk.
 */
class MigrateKillIT {
    private static final int PHOTOS = 24;
    private static final String BUCKET = "vitrine-kill";
    private static final String PREFIX = "site/";
    private static final Pattern DONE = Pattern.compile("progress: +\\d+%  (\\d+)/(\\d+) files");

    @TempDir
    Path dataDir;
    @TempDir
    Path scratch;
    private final List<Process> processes = new ArrayList<>();
    private S3Proxy s3proxy;

    @AfterEach
    void stopAll() {
        processes.forEach(VitrineProcess::killTree);
        if (s3proxy != null) {
            s3proxy.close();
        }
    }

    private Map<String, String> env(String storage) {
        var env = new HashMap<String, String>();
        env.put("VITRINE_DATA_DIR", dataDir.toString());
        env.put("VITRINE_STORAGE", storage);
        env.put("VITRINE_S3_ENDPOINT", s3proxy.endpoint().toString());
        env.put("VITRINE_S3_BUCKET", BUCKET);
        env.put("VITRINE_S3_PREFIX", PREFIX);
        env.put("VITRINE_S3_PATH_STYLE", "true");
        env.put("VITRINE_S3_ACCESS_KEY", S3Proxy.IDENTITY);
        env.put("VITRINE_S3_SECRET_KEY", S3Proxy.CREDENTIAL);
        return env;
    }

    @Test
    void killed_mid_way_and_run_again_it_continues_copies_nothing_twice_and_loses_nothing() throws Exception {
        s3proxy = S3Proxy.start(scratch);
        try (S3Client s3 = S3Client.builder().httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(S3Proxy.REGION)).endpointOverride(s3proxy.endpoint()).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(S3Proxy.IDENTITY, S3Proxy.CREDENTIAL))).build()) {
            s3.createBucket(b -> b.bucket(BUCKET));
            Path folder = Files.createDirectories(scratch.resolve("import"));
            for (int i = 0; i < PHOTOS; i++) {
                GeneratedPhotos.noise(folder.resolve("p" + i + ".jpg"), 1000, 800, 300 + i);
            }
            var imported = VitrineProcess.run(env("local"), "", "import", folder.toString(), "--album", "Trip");
            assertThat(imported.exitCode()).as(imported.stderr()).isZero();
            Map<String, String> originals = originals();
            assertThat(originals).hasSize(PHOTOS);

            // One file at a time, killed once a few are done.
            Path log = scratch.resolve("migrate.log");
            Process migrate = VitrineProcess.start(env("local"), log, "storage", "migrate", "--to", "s3",
                    "--parallel", "1");
            processes.add(migrate);
            Eventually.until("a few files copied", () -> filesDone(log) >= 3, log);
            VitrineProcess.killTree(migrate);
            List<String> inS3 = keys(s3);
            long recorded = count("SELECT COUNT(*) FROM storage_moved_blobs");
            assertThat(inS3.size()).as("killed in the middle").isBetween(3, PHOTOS - 1);
            assertThat(recorded).isBetween(3L, (long) inS3.size());

            // Neither the new store, unfinished, nor anything else opens on it meanwhile.
            var early = VitrineProcess.run(env("s3"), "", "jobs");
            assertThat(early.exitCode()).isEqualTo(2);
            assertThat(early.stderr()).contains("is not finished").contains("Keep VITRINE_STORAGE=local");

            // A copy made before the kill is damaged in the bucket meanwhile.
            String damaged = firstRecordedKey();
            s3.putObject(b -> b.bucket(BUCKET).key(PREFIX + damaged), RequestBody.fromString("damaged"));

            var again = VitrineProcess.run(env("local"), "", "storage", "migrate", "--to", "s3");
            assertThat(again.exitCode()).as(again.stdout() + again.stderr()).isZero();
            // Everything in the bucket before the re-run was kept, but for the damaged copy.
            long expectedCopies = PHOTOS - inS3.size() + 1;
            assertThat(again.stdout())
                    .contains("The copy of " + damaged + " made earlier is damaged")
                    .containsPattern("Move continued and finished: " + expectedCopies + " files copied(, "
                            + (inS3.size() - recorded) + " already there)?, every one read back");
            assertThat(keys(s3)).hasSize(PHOTOS);
            for (var original : originals.entrySet()) {
                try (InputStream in = s3.getObject(b -> b.bucket(BUCKET).key(PREFIX + original.getKey()))) {
                    assertThat(Sha256.of(in)).as(original.getKey()).isEqualTo(original.getValue());
                }
            }
            var verify = VitrineProcess.run(env("s3"), "", "storage", "verify");
            assertThat(verify.exitCode()).as(verify.stdout() + verify.stderr()).isZero();

            // And back to a local disk emptied as the docs say, from the bucket.
            deleteTree(dataDir.resolve("blobs"));
            var back = VitrineProcess.run(env("s3"), "", "storage", "migrate", "--to", "local");
            assertThat(back.exitCode()).as(back.stdout() + back.stderr()).isZero();
            assertThat(back.stdout()).contains("Move finished: " + PHOTOS + " files copied");
            for (var original : originals.entrySet()) {
                try (InputStream in = Files.newInputStream(dataDir.resolve("blobs").resolve(original.getKey()))) {
                    assertThat(Sha256.of(in)).as(original.getKey()).isEqualTo(original.getValue());
                }
            }
        }
    }

    private static int filesDone(Path log) {
        try {
            Matcher m = DONE.matcher(Files.readString(log));
            int done = 0;
            while (m.find()) {
                done = Integer.parseInt(m.group(1));
            }
            return done;
        } catch (IOException e) {
            return 0;
        }
    }

    private static List<String> keys(S3Client s3) {
        return s3.listObjectsV2Paginator(b -> b.bucket(BUCKET).prefix(PREFIX)).contents().stream()
                .map(S3Object::key).map(k -> k.substring(PREFIX.length())).toList();
    }

    private Map<String, String> originals() throws SQLException {
        var originals = new HashMap<String, String>();
        try (Connection db = connect();
             var rs = db.createStatement().executeQuery("SELECT original_key, sha256 FROM photos")) {
            while (rs.next()) {
                originals.put(rs.getString(1), rs.getString(2));
            }
        }
        return originals;
    }

    private String firstRecordedKey() throws SQLException {
        try (Connection db = connect(); var rs = db.createStatement().executeQuery(
                "SELECT blob_key FROM storage_moved_blobs ORDER BY blob_key LIMIT 1")) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }

    private long count(String sql) throws SQLException {
        try (Connection db = connect(); var rs = db.createStatement().executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("vitrine.db"));
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
