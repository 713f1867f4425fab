package org.vitrine.place;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitrine.testing.Eventually;
import org.vitrine.testing.GeneratedPhotos;
import org.vitrine.testing.VitrineProcess;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged jar carries the places data: its web process, on a 64 MiB heap as on a small server, loads it into
 * a fresh database on the first start, and its supervised worker names the place of a photo imported with GPS.
 */
class PlacesFromTheJarIT {
    @TempDir
    Path dataDir;
    @TempDir
    Path scratch;
    private Process site;

    @AfterEach
    void stop() {
        if (site != null) {
            VitrineProcess.killTree(site);
        }
    }

    @Test
    void the_first_start_loads_the_places_from_the_jar_and_the_worker_names_an_imported_photo_s_place()
            throws Exception {
        Path folder = Files.createDirectories(scratch.resolve("import"));
        GeneratedPhotos.located(folder.resolve("strasbourg.jpg"), 640, 480, 3, 48.5839, 7.7455);
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        // JAVA_TOOL_OPTIONS reaches the web process; the worker's own -Xmx on its command line wins over it.
        Map<String, String> env = Map.of("VITRINE_DATA_DIR", dataDir.toString(), "VITRINE_BIND", "127.0.0.1",
                "VITRINE_PORT", String.valueOf(port), "VITRINE_PLACE_NAMES", "on",
                "JAVA_TOOL_OPTIONS", "-XX:+UseSerialGC -Xmx64m");
        Path log = scratch.resolve("site.log");
        site = VitrineProcess.start(env, log, "serve");
        Eventually.until("the places loaded", () -> read(log).contains("places: loaded"), log);
        assertThat(read(log)).containsPattern("places: loaded 19\\d{4} place names and \\d{4} country border")
                .doesNotContain("OutOfMemoryError");

        var imported = VitrineProcess.run(env, "", "import", folder.toString(), "--album", "Alsace");
        assertThat(imported.exitCode()).as(imported.stderr()).isZero();
        Eventually.until("the photo's place named", () -> placeName().equals("Strasbourg"), log);
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private String placeName() {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("vitrine.db"));
             var rs = db.createStatement().executeQuery("SELECT name FROM photo_places")) {
            return rs.next() ? rs.getString(1) : "";
        } catch (SQLException e) {
            return "";
        }
    }
}
