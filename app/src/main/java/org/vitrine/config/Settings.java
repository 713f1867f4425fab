package org.vitrine.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.vitrine.config.SettingType.byteSize;
import static org.vitrine.config.SettingType.folder;
import static org.vitrine.config.SettingType.ipAddresses;
import static org.vitrine.config.SettingType.oneOf;
import static org.vitrine.config.SettingType.option;
import static org.vitrine.config.SettingType.text;
import static org.vitrine.config.SettingType.webAddress;
import static org.vitrine.config.SettingType.wholeNumber;

/**
 * Settings is the registry of every setting Vitrine reads from its environment, the one home of their names,
 * types, ranges, defaults and one-line documentation. {@link Config} is read and written from it, the command
 * line's help lists it, and a test checks docs/configuration.md against it.
 *
 * <p>To add a setting: add its line to {@link #ALL} and a component of the same name and type to {@link Config}.
 */
public final class Settings {
    // Settings that others derive their defaults from have names; the rest live only in the list.
    static final Setting<Integer> PORT = Setting.of("VITRINE_PORT", "port", wholeNumber(0, 65535, ""), "8080",
            "HTTP port.");
    static final Setting<Path> DATA_DIR = Setting.of("VITRINE_DATA_DIR", "dataDir", folder(), "./data",
            "Folder for the SQLite database, originals, derivatives and temporary files.");
    static final Setting<String> JAVA_OPTS = Setting.forLauncher("VITRINE_JAVA_OPTS", text(),
            "`-XX:+UseSerialGC -Xmx{1/8 of the memory, 64-256}m`", v -> MachineMemory.webJvmOptions(),
            "JVM options of the web process, used by ./vitrine (the web process never decodes images).");

    /** Every setting, in the order they are read: a derived default may use only the settings above it. */
    static final List<Setting<?>> ALL = List.of(
            Setting.of("VITRINE_BIND", "bind", text(), "0.0.0.0",
                    "Address to listen on; 127.0.0.1 to accept only local connections (behind a reverse proxy)."),
            PORT,
            Setting.derived("VITRINE_BASE_URL", "baseUrl", webAddress(), "`http://localhost:PORT`",
                    v -> URI.create("http://localhost:" + v.get(PORT)),
                    "Public address of the site, used in links; with https:// cookies are marked Secure."),
            DATA_DIR,
            Setting.derived("VITRINE_DATABASE_URL", "databaseUrl", text(), "`jdbc:sqlite:DATA_DIR/vitrine.db`",
                    v -> "jdbc:sqlite:" + v.get(DATA_DIR).resolve("vitrine.db"),
                    "JDBC URL; jdbc:postgresql://HOST:PORT/DB switches to PostgreSQL."),
            Setting.of("VITRINE_DATABASE_USER", "databaseUser", text(), "", "Database user (PostgreSQL)."),
            Setting.of("VITRINE_DATABASE_PASSWORD", "databasePassword", text(), "",
                    "Database password (PostgreSQL)."),
            Setting.of("VITRINE_MAX_UPLOAD_MB", "maxUploadMb", wholeNumber(1, 10_000, "MiB"), "200",
                    "Largest accepted file."),
            Setting.of("VITRINE_MAX_MEGAPIXELS", "maxMegapixels", wholeNumber(1, 1_000, "megapixels"), "100",
                    "Largest accepted image, read from its header before decoding."),
            Setting.of("VITRINE_WORKER_THREADS", "workerThreads", wholeNumber(1, 16, "photos"), "1",
                    "Photos resized at the same time, at most as many as fit in the memory budget."),
            Setting.of("VITRINE_WORKERS", "workers", option(Config.Workers.class), "process",
                    "Where photos are processed: a supervised child process, the web process, or elsewhere."),
            Setting.derived("VITRINE_WORKER_MEMORY_MB", "workerMemoryMb", wholeNumber(16, 65_536, "MiB"),
                    "1/8 of the memory, 64-512", v -> MachineMemory.defaultWorkerHeapMb(),
                    "Java heap (-Xmx) of the supervised worker process."),
            Setting.derived("VITRINE_WORKER_BUDGET_MB", "workerBudgetMb", wholeNumber(0, 65_536, "MiB"),
                    "40% of the memory", v -> MachineMemory.defaultWorkerBudgetMb(),
                    "Memory budget of the photos processed at the same time (0 = 3/4 of the worker's heap)."),
            Setting.of("VITRINE_JOB_LEASE_SECONDS", "jobLeaseSeconds", wholeNumber(2, 3_600, "seconds"), "60",
                    "How long a job stays with a worker that stopped renewing its lease."),
            Setting.of("VITRINE_IMAGE_ENGINE", "imageEngine", oneOf("auto", "java", "vips"), "auto",
                    "Image engine: libvips when it loads (auto), the pure-Java engine, or libvips only."),
            Setting.of("VITRINE_PLACE_NAMES", "placeNames", oneOf("on", "off"), "on",
                    "Name where located photos were taken, offline, from the bundled GeoNames and Natural Earth data."),
            Setting.of("VITRINE_TRUSTED_PROXIES", "trustedProxies", ipAddresses(), "",
                    "Reverse proxies whose Forwarded / X-Forwarded-For headers name the client; none by default."),
            Setting.of("VITRINE_STORAGE", "storage", option(Config.Storage.class), "local",
                    "Where originals and derivatives are kept: local disk, an S3 bucket or an Azure container."),
            Setting.of("VITRINE_S3_ENDPOINT", "s3Endpoint", text(), "",
                    "S3 service address (MinIO, R2, B2, Wasabi); empty for Amazon S3 itself."),
            Setting.of("VITRINE_S3_REGION", "s3Region", text(), "us-east-1", "S3 region."),
            Setting.of("VITRINE_S3_BUCKET", "s3Bucket", text(), "", "S3 bucket (it must exist)."),
            Setting.of("VITRINE_S3_PREFIX", "s3Prefix", text(), "", "Key prefix inside the S3 bucket."),
            Setting.of("VITRINE_S3_PATH_STYLE", "s3PathStyle", oneOf("false", "true"), "false",
                    "Bucket in the path rather than the host name (MinIO and most self-hosted services)."),
            Setting.of("VITRINE_S3_ACCESS_KEY", "s3AccessKey", text(), "", "S3 access key id."),
            Setting.of("VITRINE_S3_SECRET_KEY", "s3SecretKey", text(), "", "S3 secret access key."),
            Setting.of("VITRINE_AZURE_ACCOUNT_URL", "azureAccountUrl", text(), "",
                    "Azure Blob service address; empty for https://ACCOUNT.blob.core.windows.net."),
            Setting.of("VITRINE_AZURE_ACCOUNT", "azureAccount", text(), "", "Azure storage account name."),
            Setting.of("VITRINE_AZURE_KEY", "azureKey", text(), "", "Azure storage account key."),
            Setting.of("VITRINE_AZURE_CONTAINER", "azureContainer", text(), "",
                    "Azure Blob container (it must exist)."),
            Setting.of("VITRINE_AZURE_PREFIX", "azurePrefix", text(), "", "Name prefix inside the Azure container."),
            Setting.of("VITRINE_CACHE_SIZE", "cacheSize", byteSize(16L << 20), "2GB",
                    "With cloud storage: disk space for the local cache of recently used blobs."),
            Setting.of("VITRINE_CLOUD_SERVING", "cloudServing", option(Config.CloudServing.class), "proxy",
                    "With cloud storage: images sent through Vitrine, or a redirect to a short-lived signed URL."),
            Setting.of("VITRINE_CLOUD_PUBLIC_URL", "cloudPublicUrl", text(), "",
                    "With cloud storage: public (CDN) address of the bucket for public albums' sizes; empty for none."),
            Setting.of("VITRINE_MIRROR", "mirror", option(Config.Mirror.class), "none",
                    "With local storage, a cloud that keeps a copy of every original, made in the background."),
            Setting.of("VITRINE_MIRROR_DERIVATIVES", "mirrorDerivatives", oneOf("false", "true"), "false",
                    "Whether the mirror also keeps a copy of every derivative (size)."),
            JAVA_OPTS);

    private Settings() {
    }

    /** Reads every setting from the environment, in registry order, refusing the first wrong value. */
    static SettingValues read(Map<String, String> env) {
        var values = new SettingValues();
        for (Setting<?> setting : ALL) {
            readInto(values, setting, env);
        }
        return values;
    }

    private static <T> void readInto(SettingValues values, Setting<T> setting, Map<String, String> env) {
        values.put(setting, setting.read(env, values));
    }

    /**
     * The settings as the command line's help lists them: the variable, then its line of documentation, what it
     * allows and its default, wrapped to 80 columns. Defaults derived from the machine show their value here.
     */
    public static String help() {
        SettingValues defaults = read(Map.of());
        var text = new StringBuilder("Settings (environment variables; more in docs/configuration.md):\n");
        for (Setting<?> setting : ALL) {
            String allowed = setting.type().allowed();
            String shown = setting.fallback().shown().replace("`", "");
            if (setting.fallback().derived()) {
                shown += " (here " + setting.format(defaults.valueOf(setting)) + ")";
            }
            text.append("  ").append(setting.variable()).append('\n');
            wrap(text, setting.doc() + (allowed.isEmpty() ? "" : " Allowed: " + allowed + ".") + " Default: "
                    + shown + ".", "      ", 80);
        }
        return text.toString();
    }

    private static void wrap(StringBuilder text, String words, String indent, int width) {
        var line = new StringBuilder(indent);
        for (String word : words.split(" ")) {
            if (line.length() > indent.length() && line.length() + 1 + word.length() > width) {
                text.append(line).append('\n');
                line.setLength(0);
                line.append(indent);
            }
            line.append(line.length() > indent.length() ? " " : "").append(word);
        }
        text.append(line).append('\n');
    }
}
