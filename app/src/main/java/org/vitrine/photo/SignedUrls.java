package org.vitrine.photo;

import org.vitrine.storage.BlobStore;
import org.vitrine.storage.StorageException;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SignedUrls hands out the store's short-lived URLs for blobs, each signed once and then reused while it still
 * has most of its life ahead: signing (an S3 presigned URL, an Azure SAS) costs the web process milliseconds of
 * CPU, which would otherwise cap how many images per second a redirect can answer. A reused URL is always valid
 * for at least {@code validFor − reuseFor} more, which is longer than a browser keeps the redirect.
 */
final class SignedUrls {
    /** At most this many URLs are kept; past it the cache starts again empty. */
    static final int MAX_URLS = 10_000;

    private record Signed(Optional<URI> url, Instant at) {
    }

    private final BlobStore blobs;
    private final Duration validFor;
    private final Duration reuseFor;
    private final Clock clock;
    private final ConcurrentHashMap<String, Signed> signed = new ConcurrentHashMap<>();

    SignedUrls(BlobStore blobs, Duration validFor, Duration reuseFor, Clock clock) {
        if (reuseFor.compareTo(validFor) >= 0) {
            throw new IllegalArgumentException("a signed URL must outlive its reuse: " + reuseFor + " ≥ " + validFor);
        }
        this.blobs = blobs;
        this.validFor = validFor;
        this.reuseFor = reuseFor;
        this.clock = clock;
    }

    /** A URL valid for at least {@code validFor − reuseFor}; empty when the store offers none (yet). */
    Optional<URI> of(String key) throws StorageException {
        Instant now = clock.instant();
        Signed known = signed.get(key);
        if (known != null && known.at().plus(reuseFor).isAfter(now)) {
            return known.url();
        }
        Optional<URI> url = blobs.url(key, validFor);
        // An empty answer is not kept: the blob may reach the cloud (leave the spool) at any moment.
        if (url.isPresent()) {
            if (signed.size() >= MAX_URLS) {
                signed.clear();
            }
            signed.put(key, new Signed(url, now));
        }
        return url;
    }
}
