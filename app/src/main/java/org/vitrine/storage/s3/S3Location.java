package org.vitrine.storage.s3;

import java.net.URI;

/**
 * S3Location is where an {@link S3BlobStore} keeps its blobs: the service's endpoint (null for AWS itself), its
 * region, the bucket, a key prefix ("" or ending in "/") and whether the bucket goes in the path (MinIO, most
 * emulators) rather than in the host name.
 */
public record S3Location(URI endpoint, String region, String bucket, String prefix, boolean pathStyle) {
    public S3Location {
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalArgumentException("An S3 store needs a bucket");
        }
        prefix = prefix == null || prefix.isEmpty() || prefix.endsWith("/") ? (prefix == null ? "" : prefix)
                : prefix + "/";
    }
}
