package org.vitrine.photo;

import org.junit.jupiter.api.Test;
import org.vitrine.storage.StorageException;
import org.vitrine.storage.s3.S3BlobStore;
import org.vitrine.storage.s3.S3Location;
import org.vitrine.testing.ForwardingBlobStore;
import org.vitrine.testing.MutableClock;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Signed URLs of a real S3 store (signing needs no server): signed once, reused for a while, then signed anew. */
class SignedUrlsTest {
    private final AtomicInteger signings = new AtomicInteger();
    private final AtomicReference<Boolean> inCloud = new AtomicReference<>(true);
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T12:00:00Z"));

    private SignedUrls urls(S3BlobStore s3) {
        var counted = new ForwardingBlobStore(s3) {
            @Override
            public Optional<URI> url(String key, Duration validFor) throws StorageException {
                signings.incrementAndGet();
                return inCloud.get() ? super.url(key, validFor) : Optional.empty();
            }
        };
        return new SignedUrls(counted, Duration.ofMinutes(15), Duration.ofMinutes(5), clock);
    }

    @Test
    void a_url_is_signed_once_reused_within_its_reuse_time_and_signed_again_after() throws Exception {
        try (var s3 = new S3BlobStore(new S3Location(URI.create("http://127.0.0.1:9"), "us-east-1", "b", "", true),
                "id", "secret")) {
            var urls = urls(s3);
            URI first = urls.of("derivatives/1/320-aa.jpg").orElseThrow();
            clock.advance(Duration.ofMinutes(4));
            assertThat(urls.of("derivatives/1/320-aa.jpg")).hasValue(first);
            assertThat(signings).hasValue(1);
            assertThat(first.getQuery()).contains("X-Amz-Expires=900");

            clock.advance(Duration.ofMinutes(2));
            assertThat(urls.of("derivatives/1/320-aa.jpg")).isPresent();
            assertThat(urls.of("derivatives/2/320-bb.jpg")).isPresent();
            assertThat(signings).hasValue(3);
        }
    }

    @Test
    void a_blob_not_yet_in_the_cloud_is_asked_again_each_time() throws Exception {
        try (var s3 = new S3BlobStore(new S3Location(URI.create("http://127.0.0.1:9"), "us-east-1", "b", "", true),
                "id", "secret")) {
            var urls = urls(s3);
            inCloud.set(false);
            assertThat(urls.of("derivatives/1/320-aa.jpg")).isEmpty();
            inCloud.set(true);
            assertThat(urls.of("derivatives/1/320-aa.jpg")).isPresent();
            assertThat(signings).hasValue(2);
        }
    }

    @Test
    void a_reuse_as_long_as_the_validity_is_refused() {
        assertThatThrownBy(() -> new SignedUrls(null, Duration.ofMinutes(5), Duration.ofMinutes(5), clock))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
