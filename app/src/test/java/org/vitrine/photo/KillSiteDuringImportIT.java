package org.vitrine.photo;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitrine.testing.Eventually;
import org.vitrine.testing.GeneratedPhotos;
import org.vitrine.testing.VitrineProcess;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** kill -9 of the whole site (server and worker) while a folder is imported and processed. */
class KillSiteDuringImportIT {
    static final int PHOTOS = 20;

    @TempDir
    Path dataDir;
    @TempDir
    Path scratch;
    final List<Process> processes = new ArrayList<>();

    @AfterEach
    void killAll() {
        processes.forEach(VitrineProcess::killTree);
    }

    @Test
    void killing_the_site_during_an_import_leaves_every_photo_processed_once_and_the_database_intact()
            throws Exception {
        Path folder = Files.createDirectories(scratch.resolve("import"));
        for (int i = 0; i < PHOTOS; i++) {
            GeneratedPhotos.jpeg(folder.resolve("p" + i + ".jpg"), 2400, 1600, 100 + i);
        }
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        // A short lease, so the job the killed worker held is taken again within seconds of the restart.
        Map<String, String> env = Map.of("VITRINE_DATA_DIR", dataDir.toString(), "VITRINE_BIND", "127.0.0.1",
                "VITRINE_PORT", String.valueOf(port), "VITRINE_JOB_LEASE_SECONDS", "3");
        Path log = scratch.resolve("site.log");
        Process site = VitrineProcess.start(env, log, "serve");
        processes.add(site);
        Process importing = VitrineProcess.start(env, scratch.resolve("import.log"), "import", folder.toString(),
                "--album", "Trip");
        processes.add(importing);

        Eventually.until("a few photos processed", () -> count("SELECT COUNT(*) FROM photos WHERE status = 'ready'") >= 3,
                log, scratch.resolve("import.log"));
        VitrineProcess.killTree(site);
        VitrineProcess.killTree(importing);
        long readyAtKill = count("SELECT COUNT(*) FROM photos WHERE status = 'ready'");
        assertThat(readyAtKill).as("killed in the middle").isLessThan(PHOTOS);

        Process restarted = VitrineProcess.start(env, log, "serve");
        processes.add(restarted);
        // The import is run again, as its user would: what was stored already counts as a duplicate.
        var again = VitrineProcess.run(env, "", "import", folder.toString(), "--album", "Trip");
        assertThat(again.exitCode()).as(again.stderr()).isZero();
        Eventually.until("every photo processed", () -> count("SELECT COUNT(*) FROM photos WHERE status = 'ready'") == PHOTOS,
                log);
        VitrineProcess.stop(restarted);

        assertThat(count("SELECT COUNT(*) FROM photos")).isEqualTo(PHOTOS);
        assertThat(count("SELECT COUNT(*) FROM jobs WHERE status <> 'done'")).isZero();
        assertDerivativesConsistent();
        try (Connection db = connect(); var rs = db.createStatement().executeQuery("PRAGMA integrity_check")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("ok");
        }
    }

    /** Every derivative row points at a whole JPEG of its size, and every derivative file has its row. */
    private void assertDerivativesConsistent() throws SQLException, IOException {
        Set<Path> referenced = new HashSet<>();
        try (Connection db = connect(); var rs = db.createStatement().executeQuery(
                "SELECT p.id, d.width, d.height, d.blob_key FROM photos p "
                        + "LEFT JOIN derivatives d ON d.photo_id = p.id ORDER BY p.id")) {
            while (rs.next()) {
                long photo = rs.getLong(1);
                String key = rs.getString(4);
                assertThat(key).as("photo %d has derivatives", photo).isNotNull();
                Path file = dataDir.resolve("blobs").resolve(key);
                var image = ImageIO.read(file.toFile());
                assertThat(image).as("%s decodes", key).isNotNull();
                assertThat(image.getWidth()).isEqualTo(rs.getInt(2));
                assertThat(image.getHeight()).isEqualTo(rs.getInt(3));
                referenced.add(file);
            }
        }
        try (Stream<Path> files = Files.walk(dataDir.resolve("blobs/derivatives"))) {
            assertThat(files.filter(Files::isRegularFile).toList()).as("no orphaned derivative files")
                    .allSatisfy(f -> assertThat(referenced).contains(f));
        }
    }

    private long count(String sql) {
        try (Connection db = connect(); var rs = db.createStatement().executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException e) {
            return -1; // not created yet, or busy
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("vitrine.db"));
    }
}
