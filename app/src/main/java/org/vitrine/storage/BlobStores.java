package org.vitrine.storage;

import org.vitrine.config.Config;
import org.vitrine.storage.azure.AzureBlobStore;
import org.vitrine.storage.cache.CloudPrimaryStore;
import org.vitrine.storage.s3.S3BlobStore;
import org.vitrine.storage.s3.S3Location;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;

/** BlobStores opens the blob store the configuration names (VITRINE_STORAGE). */
public final class BlobStores {
    private BlobStores() {
    }

    /**
     * The configured store: the local disk, or a cloud store behind a local spool and cache
     * ({@link CloudPrimaryStore}), whose spooled writes are handed to {@code sendLater}.
     */
    public static BlobStore open(Config config, Path dataDir, CloudPrimaryStore.SendLater sendLater)
            throws IOException {
        if (config.storage() == Config.Storage.LOCAL) {
            return new LocalBlobStore(dataDir.resolve("blobs"));
        }
        return new CloudPrimaryStore(cloud(config), dataDir.resolve("cloud"), config.cacheSize(), sendLater,
                CloudPrimaryStore.CLOUD_WAIT);
    }

    /** The cloud store itself, without spool or cache. */
    public static BlobStore cloud(Config config) {
        return switch (config.storage()) {
            case LOCAL -> throw new IllegalArgumentException("VITRINE_STORAGE=local names no cloud store");
            case S3 -> new S3BlobStore(new S3Location(
                    config.s3Endpoint().isBlank() ? null : URI.create(config.s3Endpoint()), config.s3Region(),
                    required(config.s3Bucket(), "VITRINE_S3_BUCKET"), config.s3Prefix(),
                    Boolean.parseBoolean(config.s3PathStyle())),
                    required(config.s3AccessKey(), "VITRINE_S3_ACCESS_KEY"),
                    required(config.s3SecretKey(), "VITRINE_S3_SECRET_KEY"));
            case AZURE -> {
                String account = required(config.azureAccount(), "VITRINE_AZURE_ACCOUNT");
                URI url = URI.create(config.azureAccountUrl().isBlank()
                        ? "https://" + account + ".blob.core.windows.net" : config.azureAccountUrl());
                yield new AzureBlobStore(url, account, required(config.azureKey(), "VITRINE_AZURE_KEY"),
                        required(config.azureContainer(), "VITRINE_AZURE_CONTAINER"), config.azurePrefix());
            }
        };
    }

    private static String required(String value, String variable) {
        if (value.isBlank()) {
            throw new IllegalArgumentException("The chosen VITRINE_STORAGE needs " + variable + " to be set");
        }
        return value;
    }
}
