package org.vitrine.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * Config is Vitrine's whole configuration, read once at start-up: defaults, then environment variables.
 * Every key is documented in docs/configuration.md.
 */
public record Config(
        String bind,
        int port,
        Path dataDir,
        String databaseUrl,
        String databaseUser,
        String databasePassword,
        URI baseUrl,
        long maxUploadBytes,
        long maxPixels,
        int workerThreads,
        String imageEngine) {

    public static final int DEFAULT_PORT = 8080;

    /** Reads the configuration from environment variables, falling back to defaults. */
    public static Config fromEnvironment(Map<String, String> env) {
        var settings = new Settings(env);
        int port = settings.integer("VITRINE_PORT", DEFAULT_PORT, 0, 65535);
        Path dataDir = Path.of(settings.text("VITRINE_DATA_DIR", "data")).toAbsolutePath().normalize();
        String dbUrl = settings.text("VITRINE_DATABASE_URL", "jdbc:sqlite:" + dataDir.resolve("vitrine.db"));
        String base = settings.text("VITRINE_BASE_URL", "http://localhost:" + port);
        return new Config(
                settings.text("VITRINE_BIND", "0.0.0.0"),
                port,
                dataDir,
                dbUrl,
                settings.text("VITRINE_DATABASE_USER", ""),
                settings.text("VITRINE_DATABASE_PASSWORD", ""),
                URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base),
                settings.integer("VITRINE_MAX_UPLOAD_MB", 200, 1, 10_000) * 1024L * 1024L,
                settings.integer("VITRINE_MAX_MEGAPIXELS", 100, 1, 1_000) * 1_000_000L,
                settings.integer("VITRINE_WORKER_THREADS", 1, 1, 16),
                settings.choice("VITRINE_IMAGE_ENGINE", "auto", "auto", "java", "vips"));
    }

    public static Config fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    public boolean secureCookies() {
        return "https".equalsIgnoreCase(baseUrl.getScheme());
    }

    public boolean usesPostgres() {
        return databaseUrl.startsWith("jdbc:postgresql:");
    }

    public Config withPort(int newPort) {
        return new Config(bind, newPort, dataDir, databaseUrl, databaseUser, databasePassword, baseUrl,
                maxUploadBytes, maxPixels, workerThreads, imageEngine);
    }

    public Config withBaseUrl(URI newBaseUrl) {
        return new Config(bind, port, dataDir, databaseUrl, databaseUser, databasePassword, newBaseUrl,
                maxUploadBytes, maxPixels, workerThreads, imageEngine);
    }
}
