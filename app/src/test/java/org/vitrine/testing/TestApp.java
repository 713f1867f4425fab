package org.vitrine.testing;

import org.vitrine.App;
import org.vitrine.config.Config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * TestApp starts the real Vitrine (server and worker) on a free loopback port, with its data in a temporary
 * folder and a real SQLite file, or a fresh PostgreSQL schema.
 */
public final class TestApp {
    private TestApp() {
    }

    public static App start(Path dataDir) {
        return start(dataDir, Map.of());
    }

    /** Starts with extra VITRINE_* settings, e.g. a PostgreSQL database URL. */
    public static App start(Path dataDir, Map<String, String> settings) {
        try {
            return App.start(config(dataDir, settings));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Config config(Path dataDir) {
        return config(dataDir, Map.of());
    }

    /** A configuration on a free loopback port with the data in {@code dataDir}. */
    public static Config config(Path dataDir, Map<String, String> settings) {
        int port = freePort();
        Map<String, String> env = new HashMap<>();
        env.put("VITRINE_BIND", "127.0.0.1");
        env.put("VITRINE_PORT", String.valueOf(port));
        env.put("VITRINE_DATA_DIR", dataDir.toString());
        env.put("VITRINE_BASE_URL", "http://localhost:" + port);
        // In-process tests run the worker inline: starting a child JVM per test would cost a second each.
        // The supervised worker process is covered by the integration tests on the packaged jar.
        env.put("VITRINE_WORKERS", "inline");
        // Loading the place names takes seconds per fresh database: only the tests of places ask for them.
        env.put("VITRINE_PLACE_NAMES", "off");
        env.putAll(settings);
        return Config.fromEnvironment(env);
    }

    public static URI baseUrl(App app) {
        return app.config().baseUrl();
    }

    static int freePort() {
        try (var socket = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
