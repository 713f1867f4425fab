package org.vitrine.storage;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * BlobChecksum is how a cloud store records a blob's SHA-256: as metadata named {@value #METADATA_NAME} (S3's
 * {@code x-amz-meta-sha256}, an Azure blob's metadata), 64 lower-case hex digits as Vitrine computes them.
 */
public final class BlobChecksum {
    public static final String METADATA_NAME = "sha256";
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private BlobChecksum() {
    }

    /** The checksum, refused unless well-formed: a store never writes anything else into a blob's metadata. */
    public static Optional<String> checked(Optional<String> sha256) {
        sha256.ifPresent(value -> {
            if (!SHA256.matcher(value).matches()) {
                throw new IllegalArgumentException("Not a SHA-256 (64 lower-case hex digits): " + value);
            }
        });
        return sha256;
    }

    /** The checksum found in a blob's metadata, when it is one (metadata written by others is ignored). */
    public static Optional<String> fromMetadata(java.util.Map<String, String> metadata) {
        if (metadata == null) {
            return Optional.empty();
        }
        String value = metadata.get(METADATA_NAME);
        return value != null && SHA256.matcher(value).matches() ? Optional.of(value) : Optional.empty();
    }
}
