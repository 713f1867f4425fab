package org.vitrine.storage.mirror;

import org.vitrine.storage.StorageException;

/**
 * MirrorErrors says what went wrong with the mirror in words for the owner, from the kind of failure only: a
 * cloud's own messages can name accounts, keys and addresses, and are for the log, never for the admin page.
 */
final class MirrorErrors {
    private MirrorErrors() {
    }

    static String describe(StorageException.Problem problem) {
        return switch (problem) {
            case UNAVAILABLE -> "The cloud store did not answer; copies wait and are retried until it is back.";
            case DENIED -> "The cloud store refused access: check the access key and its rights on the bucket or "
                    + "container.";
            case FULL -> "The cloud store or the local disk is full.";
            case MISSING -> "An original is missing on the local disk; run vitrine storage verify.";
            case CORRUPT -> "An original on the local disk does not match its checksum; run vitrine storage verify "
                    + "--fix to restore it.";
        };
    }
}
