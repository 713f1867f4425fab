package org.vitrine.config;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Config is Vitrine's whole configuration, read once at start-up from environment variables. Each component is
 * filled by the setting of the same name in {@link Settings}, which holds its variable, range, default and
 * documentation; docs/configuration.md documents every one.
 */
public record Config(
        String bind,
        int port,
        Path dataDir,
        String databaseUrl,
        String databaseUser,
        String databasePassword,
        URI baseUrl,
        int maxUploadMb,
        int maxMegapixels,
        int workerThreads,
        String imageEngine,
        Workers workers,
        int workerMemoryMb,
        int workerBudgetMb,
        int jobLeaseSeconds,
        String placeNames,
        List<String> trustedProxies,
        Storage storage,
        String s3Endpoint,
        String s3Region,
        String s3Bucket,
        String s3Prefix,
        String s3PathStyle,
        String s3AccessKey,
        String s3SecretKey,
        String azureAccountUrl,
        String azureAccount,
        String azureKey,
        String azureContainer,
        String azurePrefix,
        long cacheSize,
        CloudServing cloudServing,
        String cloudPublicUrl,
        Mirror mirror,
        String mirrorDerivatives) {

    /**
     * Workers says where photos are processed: in a supervised child process (the default, so an image that
     * exhausts memory or crashes a decoder cannot take the site down), inside the web process, or nowhere
     * (standalone {@code vitrine worker} processes elsewhere do it).
     */
    public enum Workers {
        PROCESS, INLINE, NONE
    }

    /**
     * Storage says where blobs are kept: on the local disk (the default), or in an S3 bucket or Azure container,
     * with a bounded local cache and a spool of uploads not yet sent (see docs/storage.md, "Cloud primary").
     */
    public enum Storage {
        LOCAL, S3, AZURE
    }

    /**
     * CloudServing says how images kept in the cloud reach browsers: through Vitrine (the default), or by a
     * redirect to a short-lived signed URL of the cloud store, so their bytes do not pass through the server.
     */
    public enum CloudServing {
        PROXY, REDIRECT
    }

    /**
     * Mirror says which cloud, if any, keeps a copy of every original while the local disk stays the primary
     * store (see storage/mirror): none (the default), an S3 bucket or an Azure container.
     */
    public enum Mirror {
        NONE, S3, AZURE
    }

    /** Whether derivatives are mirrored too, not only originals (VITRINE_MIRROR_DERIVATIVES). */
    public boolean mirrorsDerivatives() {
        return Boolean.parseBoolean(mirrorDerivatives);
    }

    // The components are filled by name from the registry, so that a new setting is one line there plus its
    // component here, not also a line in each of fromEnvironment and toEnvironment.
    private static final RecordComponent[] COMPONENTS = Config.class.getRecordComponents();
    private static final Setting<?>[] FILLED_BY = Arrays.stream(COMPONENTS).map(Config::settingFilling)
            .toArray(Setting<?>[]::new);
    private static final Constructor<Config> CANONICAL = canonicalConstructor();

    /** Reads the configuration from environment variables, falling back to defaults. */
    public static Config fromEnvironment(Map<String, String> env) {
        SettingValues values = Settings.read(env);
        Object[] arguments = Arrays.stream(FILLED_BY).map(values::valueOf).toArray();
        try {
            return CANONICAL.newInstance(arguments);
        } catch (InstantiationException | IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot build the configuration", e);
        }
    }

    public static Config fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /**
     * The environment that reads back as this configuration: how the web process hands its settings to the
     * worker process it supervises, whatever the settings were read from.
     */
    public Map<String, String> toEnvironment() {
        var env = new LinkedHashMap<String, String>();
        for (int i = 0; i < COMPONENTS.length; i++) {
            try {
                env.put(FILLED_BY[i].variable(), FILLED_BY[i].format(COMPONENTS[i].getAccessor().invoke(this)));
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read " + COMPONENTS[i].getName(), e);
            }
        }
        return env;
    }

    public long maxUploadBytes() {
        return maxUploadMb * 1024L * 1024L;
    }

    public long maxPixels() {
        return maxMegapixels * 1_000_000L;
    }

    public boolean secureCookies() {
        return "https".equalsIgnoreCase(baseUrl.getScheme());
    }

    /** Whether located photos get a place name (the places data is then loaded on first start). */
    public boolean namesPlaces() {
        return "on".equals(placeNames);
    }

    public boolean usesPostgres() {
        return databaseUrl.startsWith("jdbc:postgresql:");
    }

    private static Setting<?> settingFilling(RecordComponent component) {
        Setting<?> setting = Settings.ALL.stream().filter(s -> component.getName().equals(s.component()))
                .findFirst().orElseThrow(() -> new IllegalStateException("Config." + component.getName()
                        + " has no line in Settings.ALL"));
        if (setting.type().javaType() != component.getType()) {
            throw new IllegalStateException(setting.variable() + " reads a " + setting.type().javaType()
                    .getSimpleName() + " but Config." + component.getName() + " is a "
                    + component.getType().getSimpleName());
        }
        return setting;
    }

    private static Constructor<Config> canonicalConstructor() {
        Settings.ALL.stream().filter(Setting::inConfig)
                .filter(s -> Arrays.stream(COMPONENTS).noneMatch(c -> c.getName().equals(s.component())))
                .findFirst().ifPresent(s -> {
                    throw new IllegalStateException(s.variable() + " fills Config." + s.component()
                            + ", which does not exist");
                });
        try {
            return Config.class.getDeclaredConstructor(
                    Arrays.stream(COMPONENTS).map(RecordComponent::getType).toArray(Class<?>[]::new));
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("a record always has its canonical constructor", e);
        }
    }
}
