package org.vitrine.storage.migrate;

import org.vitrine.config.Config;
import org.vitrine.config.Config.Storage;

import java.util.Locale;

/**
 * StorePlace names a store as the settings choose it: its kind (the value of VITRINE_STORAGE) and where it is
 * (bucket, container, prefix), in words a person recognises. It never holds credentials or endpoints (which may
 * carry them), so it can be stored in the database and printed.
 */
public record StorePlace(Storage kind, String where) {

    /** The store of the given kind that the settings describe. */
    public static StorePlace of(Storage kind, Config config) {
        return new StorePlace(kind, switch (kind) {
            case LOCAL -> "the local disk";
            case S3 -> "S3 bucket \"" + config.s3Bucket() + "\"" + prefix(config.s3Prefix());
            case AZURE -> "Azure container \"" + config.azureContainer() + "\" of account \"" + config.azureAccount()
                    + "\"" + prefix(config.azurePrefix());
        });
    }

    /** The store the settings use now (VITRINE_STORAGE). */
    public static StorePlace configured(Config config) {
        return of(config.storage(), config);
    }

    /** The value of VITRINE_STORAGE that chooses this kind of store. */
    public String setting() {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    private static String prefix(String prefix) {
        return prefix.isBlank() ? "" : " under \"" + prefix + "\"";
    }

    @Override
    public String toString() {
        return where;
    }
}
