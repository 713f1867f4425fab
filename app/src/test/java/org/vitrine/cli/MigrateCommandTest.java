package org.vitrine.cli;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitrine.App;
import org.vitrine.Main;
import org.vitrine.access.Visibility;
import org.vitrine.config.Config;
import org.vitrine.config.ConfigException;
import org.vitrine.photo.PhotoStatus;
import org.vitrine.storage.BlobRange;
import org.vitrine.storage.BlobStore;
import org.vitrine.storage.ForwardingBlobStore;
import org.vitrine.storage.LocalBlobStore;
import org.vitrine.storage.Sha256;
import org.vitrine.storage.StorageException;
import org.vitrine.storage.migrate.StorageMoves;
import org.vitrine.storage.s3.S3BlobStore;
import org.vitrine.storage.s3.S3Location;
import org.vitrine.testing.Eventually;
import org.vitrine.testing.Fixtures;
import org.vitrine.testing.GeneratedPhotos;
import org.vitrine.testing.S3Proxy;
import org.vitrine.testing.TestApp;
import picocli.CommandLine;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code vitrine storage migrate} between the local disk and s3proxy (a real S3 API server in its own process),
 * on a real SQLite database holding photos uploaded through the real ingest path and sized by the real worker.
 */
class MigrateCommandTest {
    private static final String BUCKET = "vitrine-migrate";
    private static final AtomicInteger prefixes = new AtomicInteger();
    @TempDir
    static Path emulatorDir;
    private static S3Proxy s3proxy;
    private static S3Client admin;

    @TempDir
    Path dataDir;
    private String prefix;
    private final Set<String> referenced = new HashSet<>();
    /** The database settings: SQLite in the data folder unless a test chooses PostgreSQL. */
    private Map<String, String> database = Map.of();

    @BeforeAll
    static void startEmulator() {
        s3proxy = S3Proxy.start(emulatorDir);
        admin = S3Client.builder().httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(S3Proxy.REGION)).endpointOverride(s3proxy.endpoint()).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(S3Proxy.IDENTITY, S3Proxy.CREDENTIAL))).build();
        admin.createBucket(b -> b.bucket(BUCKET));
    }

    @AfterAll
    static void stopEmulator() {
        if (admin != null) {
            admin.close();
        }
        if (s3proxy != null) {
            s3proxy.close();
        }
    }

    @BeforeEach
    void newPrefix() {
        prefix = "site-" + prefixes.incrementAndGet() + "/";
    }

    /** Two photos with their sizes on the local disk, and a file no photo uses; the app is closed after. */
    private void uploadPhotos() throws IOException {
        try (var app = TestApp.start(dataDir, database)) {
            var album = new Fixtures(app).album("Summer", Visibility.PRIVATE);
            List<Long> ids = new ArrayList<>();
            for (int seed = 1; seed <= 2; seed++) {
                Path file = GeneratedPhotos.jpeg(dataDir.resolveSibling(dataDir.getFileName() + "-" + seed + ".jpg"),
                        800, 600, seed);
                try (InputStream in = Files.newInputStream(file)) {
                    var outcome = app.ingest().ingest(album.id(), "photo-" + seed + ".jpg", in);
                    assertThat(outcome.ok()).as(outcome.message()).isTrue();
                    ids.add(outcome.photoId());
                }
            }
            for (long id : ids) {
                Eventually.until("photo " + id + " sized",
                        () -> app.photos().find(id).orElseThrow().status() == PhotoStatus.READY);
                referenced.add(app.photos().find(id).orElseThrow().originalKey());
                app.photos().derivatives(id).forEach(d -> referenced.add(d.blobKey()));
            }
        }
        Path orphan = Files.createDirectories(dataDir.resolve("blobs/derivatives/999")).resolve("320-unused.jpg");
        Files.write(orphan, new byte[]{1, 2, 3});
    }

    private Map<String, String> s3Settings(String storage) {
        var settings = new HashMap<String, String>(database);
        settings.put("VITRINE_STORAGE", storage);
        settings.put("VITRINE_S3_ENDPOINT", s3proxy.endpoint().toString());
        settings.put("VITRINE_S3_REGION", S3Proxy.REGION);
        settings.put("VITRINE_S3_BUCKET", BUCKET);
        settings.put("VITRINE_S3_PREFIX", prefix);
        settings.put("VITRINE_S3_PATH_STYLE", "true");
        settings.put("VITRINE_S3_ACCESS_KEY", S3Proxy.IDENTITY);
        settings.put("VITRINE_S3_SECRET_KEY", S3Proxy.CREDENTIAL);
        return settings;
    }

    private record Run(int exitCode, String output) {
    }

    private Run vitrine(Map<String, String> settings, String... args) {
        CommandLine commandLine = Main.commandLine();
        var storage = commandLine.getSubcommands().get("storage").getSubcommands();
        Config config = TestApp.config(dataDir, settings);
        ((MigrateCommand) storage.get("migrate").getCommand()).config = () -> config;
        ((StorageCommand.Verify) storage.get("verify").getCommand()).config = () -> config;
        var output = new StringWriter();
        var writer = new PrintWriter(output, true);
        int exit = commandLine.setOut(writer).setErr(writer).execute(args);
        return new Run(exit, output.toString());
    }

    private Map<String, String> local() {
        var settings = new HashMap<String, String>(database);
        settings.put("VITRINE_STORAGE", "local");
        return settings;
    }

    @Test
    void moves_to_s3_and_back_copying_each_referenced_file_once_verified_and_nothing_else() throws IOException {
        uploadPhotos();
        var toS3 = vitrine(s3Settings("local"), "storage", "migrate", "--to", "s3");

        assertThat(toS3.exitCode()).as(toS3.output()).isZero();
        assertThat(toS3.output()).contains("Move finished: " + referenced.size() + " files copied, every one read "
                + "back and checked by its SHA-256").contains("Set VITRINE_STORAGE=s3")
                .contains("progress: 100%");
        var local = new LocalBlobStore(dataDir.resolve("blobs"));
        try (var s3 = s3Store()) {
            assertThat(keys(s3)).as("the referenced files, not the unused one").isEqualTo(referenced);
            for (String key : referenced) {
                assertThat(sha256(s3, key)).as(key).isEqualTo(sha256(local, key));
            }
        }
        assertThat(dataDir.resolve("blobs/derivatives/999/320-unused.jpg")).as("the source is left as it was")
                .exists();

        // The old setting is refused, naming the one to use; the new one opens and the store checks out.
        assertThatThrownBy(() -> App.open(TestApp.config(dataDir, s3Settings("local")))).isInstanceOf(
                ConfigException.class).hasMessageContaining("moved to S3 bucket \"" + BUCKET + "\"")
                .hasMessageContaining("Set VITRINE_STORAGE=s3");
        var verify = vitrine(s3Settings("s3"), "storage", "verify");
        assertThat(verify.output()).contains("0 missing, 0 corrupt");
        assertThat(verify.exitCode()).as(verify.output()).isZero();

        // Back to an emptied local disk, as after removing the old files.
        deleteTree(dataDir.resolve("blobs"));
        var back = vitrine(s3Settings("s3"), "storage", "migrate", "--to", "local");

        assertThat(back.exitCode()).as(back.output()).isZero();
        assertThat(back.output()).contains("Move finished: " + referenced.size() + " files copied");
        try (var s3 = s3Store()) {
            local = new LocalBlobStore(dataDir.resolve("blobs"));
            assertThat(keys(local)).isEqualTo(referenced);
            for (String key : referenced) {
                assertThat(sha256(local, key)).as(key).isEqualTo(sha256(s3, key));
            }
        }
        assertThatThrownBy(() -> App.open(TestApp.config(dataDir, s3Settings("s3"))))
                .hasMessageContaining("Set VITRINE_STORAGE=local");
        var verifyLocal = vitrine(local(), "storage", "verify");
        assertThat(verifyLocal.exitCode()).as(verifyLocal.output()).isZero();
    }

    @Test
    void files_already_in_the_target_are_checked_not_copied_again() throws IOException {
        uploadPhotos();
        var first = vitrine(s3Settings("local"), "storage", "migrate", "--to", "s3");
        assertThat(first.exitCode()).as(first.output()).isZero();
        var back = vitrine(s3Settings("s3"), "storage", "migrate", "--to", "local");

        assertThat(back.exitCode()).as(back.output()).isZero();
        assertThat(back.output()).contains("0 files copied, " + referenced.size() + " already there");
    }

    @Test
    void a_copy_damaged_on_the_way_is_detected_by_its_checksum_and_copied_again() throws Exception {
        uploadPhotos();
        String damagedKey = referenced.stream().sorted().findFirst().orElseThrow();
        Config config = TestApp.config(dataDir, s3Settings("local"));
        try (var db = org.vitrine.db.Database.open(config.databaseUrl(), "", "");
             var s3 = s3Store()) {
            // As `migrate` opens it: the S3 store that checks whole reads against the checksum it keeps.
            var damaging = new DamagingFirstPut(new org.vitrine.storage.ChecksumCheckingBlobStore(s3), damagedKey);
            var notes = new ArrayList<String>();
            var report = new org.vitrine.storage.migrate.StoreMigration(db.jdbi(), Clock.systemUTC(),
                    new LocalBlobStore(dataDir.resolve("blobs")), damaging, Files.createTempDirectory(dataDir, "s"), 2)
                    .run(org.vitrine.storage.migrate.StorePlace.configured(config),
                            org.vitrine.storage.migrate.StorePlace.of(Config.Storage.S3, config),
                            new org.vitrine.storage.migrate.MigrationProgress() {
                                @Override
                                public void advanced(long filesDone, long filesTotal, long bytesDone,
                                                     long bytesTotal) {
                                }

                                @Override
                                public void note(String line) {
                                    notes.add(line);
                                }
                            });

            assertThat(damaging.damaged).as("the fault was injected").isTrue();
            assertThat(report.damagedCopiesRedone()).isEqualTo(1);
            assertThat(report.copied()).isEqualTo(referenced.size());
            assertThat(notes).anyMatch(n -> n.contains(damagedKey) && n.contains("copied again"));
            assertThat(sha256(s3, damagedKey)).isEqualTo(sha256(new LocalBlobStore(dataDir.resolve("blobs")),
                    damagedKey));
        }
    }

    @Test
    void a_file_damaged_in_the_cloud_source_is_listed_and_keeps_the_move_from_finishing() throws IOException {
        uploadPhotos();
        var toS3 = vitrine(s3Settings("local"), "storage", "migrate", "--to", "s3");
        assertThat(toS3.exitCode()).as(toS3.output()).isZero();
        String original = referenced.stream().filter(k -> k.startsWith("originals/")).findFirst().orElseThrow();
        var head = admin.headObject(b -> b.bucket(BUCKET).key(prefix + original));
        byte[] bytes = admin.getObjectAsBytes(b -> b.bucket(BUCKET).key(prefix + original)).asByteArray();
        bytes[bytes.length / 2] ^= 0x33; // rotted in the bucket, its stored checksum unchanged
        admin.putObject(b -> b.bucket(BUCKET).key(prefix + original).metadata(head.metadata()),
                software.amazon.awssdk.core.sync.RequestBody.fromBytes(bytes));
        deleteTree(dataDir.resolve("blobs"));

        var back = vitrine(s3Settings("s3"), "storage", "migrate", "--to", "local");

        assertThat(back.exitCode()).as(back.output()).isEqualTo(1);
        assertThat(back.output()).contains("1 files are damaged in S3 bucket").contains(original)
                .contains("The move is not finished: the site still uses S3 bucket");
        assertThat(dataDir.resolve("blobs").resolve(original)).doesNotExist();
        App.open(TestApp.config(dataDir, s3Settings("s3"))).close();
    }

    @Test
    void settings_pointing_at_the_target_of_an_unfinished_move_are_refused() throws IOException {
        uploadPhotos();
        Config config = TestApp.config(dataDir, s3Settings("local"));
        try (var db = org.vitrine.db.Database.open(config.databaseUrl(), "", "")) {
            new StorageMoves(db.jdbi(), Clock.systemUTC()).start(
                    org.vitrine.storage.migrate.StorePlace.configured(config),
                    org.vitrine.storage.migrate.StorePlace.of(Config.Storage.S3, config));
        }

        assertThatThrownBy(() -> App.open(TestApp.config(dataDir, s3Settings("s3")))).isInstanceOf(
                ConfigException.class).hasMessageContaining("is not finished")
                .hasMessageContaining("Keep VITRINE_STORAGE=local")
                .hasMessageContaining("vitrine storage migrate --to s3");
        App.open(config).close();
    }

    @Test
    void a_wrong_target_or_a_refusing_cloud_is_a_clear_error_and_the_site_keeps_its_store() throws IOException {
        uploadPhotos();
        var unknown = vitrine(local(), "storage", "migrate", "--to", "ftp");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.output()).contains("--to must be local, s3 or azure");

        var same = vitrine(local(), "storage", "migrate", "--to", "local");
        assertThat(same.exitCode()).isEqualTo(2);
        assertThat(same.output()).contains("already in the local disk");

        var unset = vitrine(local(), "storage", "migrate", "--to", "s3");
        assertThat(unset.exitCode()).isEqualTo(2);
        assertThat(unset.output()).contains("VITRINE_S3_BUCKET");

        var settings = s3Settings("local");
        settings.put("VITRINE_S3_SECRET_KEY", "not-the-secret");
        var refused = vitrine(settings, "storage", "migrate", "--to", "s3");
        assertThat(refused.exitCode()).as(refused.output()).isEqualTo(2);
        assertThat(refused.output()).contains("the move stopped").contains("run the same command again")
                .doesNotContain("not-the-secret");
        App.open(TestApp.config(dataDir, local())).close();
    }

    @Test
    void moves_on_postgresql_too_and_its_record_says_where_the_files_are() throws IOException {
        database = Map.of("VITRINE_DATABASE_URL", org.vitrine.testing.TestDatabases.newPostgresSchemaUrl(),
                "VITRINE_DATABASE_USER", org.vitrine.testing.TestDatabases.POSTGRES_USER);
        uploadPhotos();

        var toS3 = vitrine(s3Settings("local"), "storage", "migrate", "--to", "s3");

        assertThat(toS3.exitCode()).as(toS3.output()).isZero();
        assertThat(toS3.output()).contains("Move finished: " + referenced.size() + " files copied");
        try (var s3 = s3Store()) {
            assertThat(keys(s3)).isEqualTo(referenced);
        }
        assertThatThrownBy(() -> App.open(TestApp.config(dataDir, local()))).hasMessageContaining(
                "Set VITRINE_STORAGE=s3");
        App.open(TestApp.config(dataDir, s3Settings("s3"))).close();
    }

    /** An S3 store whose first put of one key stores other bytes, as a connection that corrupts data would. */
    private static final class DamagingFirstPut extends ForwardingBlobStore {
        private final String key;
        volatile boolean damaged;

        DamagingFirstPut(BlobStore store, String key) {
            super(store);
            this.key = key;
        }

        @Override
        public void put(String key, InputStream content, Optional<String> sha256) throws StorageException {
            if (key.equals(this.key) && !damaged) {
                damaged = true;
                try {
                    byte[] bytes = content.readAllBytes();
                    bytes[bytes.length / 2] ^= 0x5A;
                    store.put(key, new ByteArrayInputStream(bytes), sha256);
                } catch (IOException e) {
                    throw StorageException.of("read", e, null);
                }
                return;
            }
            store.put(key, content, sha256);
        }
    }

    private S3BlobStore s3Store() {
        return new S3BlobStore(new S3Location(s3proxy.endpoint(), S3Proxy.REGION, BUCKET, prefix, true),
                S3Proxy.IDENTITY, S3Proxy.CREDENTIAL);
    }

    private static Set<String> keys(BlobStore store) throws StorageException {
        var keys = new HashSet<String>();
        for (String top : List.of("originals/", "derivatives/")) {
            try (Stream<BlobStore.BlobInfo> listed = store.list(top)) {
                listed.forEach(info -> keys.add(info.key()));
            }
        }
        return keys;
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static String sha256(BlobStore store, String key) throws IOException {
        try (InputStream in = store.open(key).orElseThrow()) {
            return Sha256.of(in);
        }
    }
}
