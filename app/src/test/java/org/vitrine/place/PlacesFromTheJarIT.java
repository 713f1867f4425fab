package org.vitrine.place;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitrine.testing.Eventually;
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
 * a fresh database on the first start. (Naming a photo's place in the worker is PlacesAppTest's.)
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
    void the_first_start_loads_the_places_from_the_jar_on_a_small_heap() throws Exception {
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        // The web process alone (no worker to start), on the heap of a small server.
        Map<String, String> env = Map.of("VITRINE_DATA_DIR", dataDir.toString(), "VITRINE_BIND", "127.0.0.1",
                "VITRINE_PORT", String.valueOf(port), "VITRINE_PLACE_NAMES", "on", "VITRINE_WORKERS", "none",
                "JAVA_TOOL_OPTIONS", "-XX:+UseSerialGC -Xmx64m");
        Path log = scratch.resolve("site.log");
        site = VitrineProcess.start(env, log, "serve");
        Eventually.until("the places loaded", () -> read(log).contains("places: loaded"), log);
        assertThat(read(log)).containsPattern("places: loaded 19\\d{4} place names and \\d{4} country border")
                .doesNotContain("OutOfMemoryError");
        read(log).lines().filter(line -> line.contains("places: loaded")).forEach(System.out::println);
        assertThat(countryOf("SELECT country_code FROM places WHERE name = 'Strasbourg'")).isEqualTo("FR");
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private String countryOf(String sql) throws SQLException {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("vitrine.db"));
             var rs = db.createStatement().executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : "";
        }
    }
}
