package org.vitrine.storage;

import org.vitrine.config.Config;
import org.vitrine.storage.azure.AzureBlobStore;
import org.vitrine.storage.s3.S3BlobStore;
import org.vitrine.storage.s3.S3Location;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;

/** BlobStores opens the blob store the configuration names (VITRINE_STORAGE). */
public final class BlobStores {
    private BlobStores() {
    }

    /** The configured store; the cloud stores are used directly, without a local cache (experimental). */
    public static BlobStore open(Config config, Path dataDir) throws IOException {
        return direct(config.storage(), config, dataDir);
    }

    /**
     * The store of the given kind as the settings describe it, used directly (no cache, no spool): what
     * {@code vitrine storage migrate} copies into, which must hold every file before the move is finished.
     */
    public static BlobStore direct(Config.Storage kind, Config config, Path dataDir) throws IOException {
        return switch (kind) {
            case LOCAL -> new LocalBlobStore(dataDir.resolve("blobs"));
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
