package org.vitrine.storage;

import org.vitrine.config.Config;
import org.vitrine.storage.azure.AzureBlobStore;
import org.vitrine.storage.cache.CloudPrimaryStore;
import org.vitrine.storage.s3.S3BlobStore;
import org.vitrine.storage.s3.S3Location;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/** BlobStores opens the blob store the configuration names (VITRINE_STORAGE) and its mirror (VITRINE_MIRROR). */
public final class BlobStores {
    private BlobStores() {
    }

    /**
     * The configured store: the local disk, or a cloud store behind a local spool and cache
     * ({@link CloudPrimaryStore}), whose spooled writes are handed to {@code sendLater}. The cloud stores check
     * whole reads against the checksum they keep.
     */
    public static BlobStore open(Config config, Path dataDir, CloudPrimaryStore.SendLater sendLater)
            throws IOException {
        if (config.storage() == Config.Storage.LOCAL) {
            return new LocalBlobStore(dataDir.resolve("blobs"));
        }
        BlobStore cloud = config.storage() == Config.Storage.S3 ? s3(config) : azure(config);
        return new CloudPrimaryStore(cloud, dataDir.resolve("cloud"), config.cacheSize(), sendLater,
                CloudPrimaryStore.CLOUD_WAIT);
    }

    /**
     * The store of the given kind as the settings describe it, used directly (no cache, no spool): what
     * {@code vitrine storage migrate} copies into, which must hold every file before the move is finished.
     */
    public static BlobStore direct(Config.Storage kind, Config config, Path dataDir) throws IOException {
        return switch (kind) {
            case LOCAL -> new LocalBlobStore(dataDir.resolve("blobs"));
            case S3 -> s3(config);
            case AZURE -> azure(config);
        };
    }

    /**
     * The cloud store that mirrors the local one, or empty without a mirror. A mirror beside a cloud primary store
     * is refused: the cloud already holds the blobs, and two clouds are what {@code storage migrate} is for.
     */
    public static Optional<BlobStore> mirror(Config config) {
        if (config.mirror() == Config.Mirror.NONE) {
            return Optional.empty();
        }
        if (config.storage() != Config.Storage.LOCAL) {
            throw new IllegalArgumentException("VITRINE_MIRROR=" + config.mirror().name().toLowerCase()
                    + " copies the local disk to a cloud, but VITRINE_STORAGE=" + config.storage().name()
                    .toLowerCase() + " already keeps the photos in the cloud: set VITRINE_MIRROR=none, or "
                    + "VITRINE_STORAGE=local to mirror the local disk");
        }
        return Optional.of(switch (config.mirror()) {
            case S3 -> s3(config);
            case AZURE -> azure(config);
            case NONE -> throw new IllegalStateException("handled above");
        });
    }

    private static BlobStore s3(Config config) {
        return new ChecksumCheckingBlobStore(new S3BlobStore(new S3Location(
                config.s3Endpoint().isBlank() ? null : URI.create(config.s3Endpoint()), config.s3Region(),
                required(config.s3Bucket(), "VITRINE_S3_BUCKET"), config.s3Prefix(),
                Boolean.parseBoolean(config.s3PathStyle())),
                required(config.s3AccessKey(), "VITRINE_S3_ACCESS_KEY"),
                required(config.s3SecretKey(), "VITRINE_S3_SECRET_KEY")));
    }

    private static BlobStore azure(Config config) {
        String account = required(config.azureAccount(), "VITRINE_AZURE_ACCOUNT");
        URI url = URI.create(config.azureAccountUrl().isBlank()
                ? "https://" + account + ".blob.core.windows.net" : config.azureAccountUrl());
        return new ChecksumCheckingBlobStore(new AzureBlobStore(url, account,
                required(config.azureKey(), "VITRINE_AZURE_KEY"),
                required(config.azureContainer(), "VITRINE_AZURE_CONTAINER"), config.azurePrefix()));
    }

    private static String required(String value, String variable) {
        if (value.isBlank()) {
            throw new IllegalArgumentException("The chosen VITRINE_STORAGE or VITRINE_MIRROR needs " + variable
                    + " to be set");
        }
        return value;
    }
}
