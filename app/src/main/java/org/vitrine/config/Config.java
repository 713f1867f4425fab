package org.vitrine.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
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
        String imageEngine,
        Workers workers,
        int workerMemoryMb,
        int workerBudgetMb,
        int jobLeaseSeconds,
        List<String> trustedProxies) {

    public static final int DEFAULT_PORT = 8080;

    /**
     * Workers says where photos are processed: in a supervised child process (the default, so an image that
     * exhausts memory or crashes a decoder cannot take the site down), inside the web process, or nowhere
     * (standalone {@code vitrine worker} processes elsewhere do it).
     */
    public enum Workers {
        PROCESS, INLINE, NONE;

        String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

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
                settings.choice("VITRINE_IMAGE_ENGINE", "auto", "auto", "java", "vips"),
                Workers.valueOf(settings.choice("VITRINE_WORKERS", "process", "process", "inline", "none")
                        .toUpperCase(java.util.Locale.ROOT)),
                settings.integer("VITRINE_WORKER_MEMORY_MB", MachineMemory.defaultWorkerHeapMb(), 16, 65_536),
                settings.integer("VITRINE_WORKER_BUDGET_MB", MachineMemory.defaultWorkerBudgetMb(), 0, 65_536),
                settings.integer("VITRINE_JOB_LEASE_SECONDS", 60, 2, 3_600),
                trustedProxies(settings.text("VITRINE_TRUSTED_PROXIES", "")));
    }

    /** The addresses or CIDR blocks whose Forwarded / X-Forwarded-For headers are believed; none by default. */
    private static List<String> trustedProxies(String text) {
        var entries = java.util.Arrays.stream(text.split(",")).map(String::trim).filter(e -> !e.isEmpty()).toList();
        for (String entry : entries) {
            if (!entry.matches("[0-9A-Fa-f:.]+(/[0-9]{1,3})?")) {
                throw new ConfigException("VITRINE_TRUSTED_PROXIES must list IP addresses or CIDR blocks "
                        + "(like 127.0.0.1, 10.0.0.0/8), separated by commas; got '" + entry + "'");
            }
        }
        return entries;
    }

    /**
     * The environment that reads back as this configuration: how the web process hands its settings to the
     * worker process it supervises, whatever the settings were read from.
     */
    public Map<String, String> toEnvironment() {
        var env = new java.util.LinkedHashMap<String, String>();
        env.put("VITRINE_BIND", bind);
        env.put("VITRINE_PORT", String.valueOf(port));
        env.put("VITRINE_DATA_DIR", dataDir.toString());
        env.put("VITRINE_DATABASE_URL", databaseUrl);
        env.put("VITRINE_DATABASE_USER", databaseUser);
        env.put("VITRINE_DATABASE_PASSWORD", databasePassword);
        env.put("VITRINE_BASE_URL", baseUrl.toString());
        env.put("VITRINE_MAX_UPLOAD_MB", String.valueOf(maxUploadBytes / (1024 * 1024)));
        env.put("VITRINE_MAX_MEGAPIXELS", String.valueOf(maxPixels / 1_000_000));
        env.put("VITRINE_WORKER_THREADS", String.valueOf(workerThreads));
        env.put("VITRINE_IMAGE_ENGINE", imageEngine);
        env.put("VITRINE_WORKERS", workers.code());
        env.put("VITRINE_WORKER_MEMORY_MB", String.valueOf(workerMemoryMb));
        env.put("VITRINE_WORKER_BUDGET_MB", String.valueOf(workerBudgetMb));
        env.put("VITRINE_JOB_LEASE_SECONDS", String.valueOf(jobLeaseSeconds));
        env.put("VITRINE_TRUSTED_PROXIES", String.join(",", trustedProxies));
        return env;
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
                maxUploadBytes, maxPixels, workerThreads, imageEngine, workers, workerMemoryMb, workerBudgetMb,
                jobLeaseSeconds, trustedProxies);
    }

    public Config withBaseUrl(URI newBaseUrl) {
        return new Config(bind, port, dataDir, databaseUrl, databaseUser, databasePassword, newBaseUrl,
                maxUploadBytes, maxPixels, workerThreads, imageEngine, workers, workerMemoryMb, workerBudgetMb,
                jobLeaseSeconds, trustedProxies);
    }
}
