package org.vitrine.storage.s3;

import org.vitrine.storage.BlobChecksum;
import org.vitrine.storage.BlobContentType;
import org.vitrine.storage.BlobRange;
import org.vitrine.storage.BlobStore;
import org.vitrine.storage.PagedListing;
import org.vitrine.storage.StorageException;
import org.vitrine.storage.StorageException.Problem;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * S3BlobStore keeps blobs in a bucket of any S3-compatible service (AWS, MinIO, Cloudflare R2, Backblaze B2,
 * Wasabi), under an optional key prefix. Large blobs go up as a multipart upload, one bounded part at a time.
 */
public final class S3BlobStore implements BlobStore, AutoCloseable {
    /** S3's smallest allowed part (except the last); one buffer of this size is all a put holds. */
    static final int PART_SIZE = 5 * 1024 * 1024;

    private final S3Client s3;
    private final S3Presigner presigner;
    private final String bucket;
    private final String prefix;

    public S3BlobStore(S3Location location, String accessKey, String secretKey) {
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey));
        var region = Region.of(location.region());
        var http = UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(10))
                .socketTimeout(Duration.ofSeconds(60))
                .build();
        var client = S3Client.builder().httpClient(http).region(region).credentialsProvider(credentials)
                .forcePathStyle(location.pathStyle())
                // A part is signed as a whole from the buffer it sits in (read twice, not copied): aws-chunked
                // signing would allocate a new array for every 128 KB chunk it sends.
                .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build());
        var signer = S3Presigner.builder().region(region).credentialsProvider(credentials)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(location.pathStyle()).build());
        if (location.endpoint() != null) {
            client.endpointOverride(location.endpoint());
            signer.endpointOverride(location.endpoint());
        }
        this.s3 = client.build();
        this.presigner = signer.build();
        this.bucket = location.bucket();
        this.prefix = location.prefix();
    }

    @Override
    public void put(String key, InputStream content, Optional<String> sha256) throws StorageException {
        String name = name(key);
        String type = BlobContentType.of(key);
        // User metadata (x-amz-meta-sha256): every S3-compatible service keeps it, unlike the SDK's checksum
        // headers, and it is the same value for a multipart upload as for a single PUT.
        Map<String, String> metadata = BlobChecksum.checked(sha256)
                .map(value -> Map.of(BlobChecksum.METADATA_NAME, value)).orElse(Map.of());
        byte[] buffer = new byte[PART_SIZE];
        int n = fill(buffer, content, key);
        if (n < PART_SIZE) {
            // Small enough for one request: S3 makes a single PUT visible whole or not at all.
            call("store " + key, () -> s3.putObject(b -> b.bucket(bucket).key(name).contentType(type)
                            .metadata(metadata),
                    body(buffer, n)));
            return;
        }
        String uploadId = call("store " + key, () -> s3.createMultipartUpload(b -> b.bucket(bucket).key(name)
                .contentType(type).metadata(metadata)).uploadId());
        try {
            List<CompletedPart> parts = new ArrayList<>();
            for (int length = n, number = 1; length > 0; length = fill(buffer, content, key), number++) {
                int partNumber = number;
                int partLength = length;
                String etag = call("store " + key, () -> s3.uploadPart(b -> b.bucket(bucket).key(name)
                        .uploadId(uploadId).partNumber(partNumber), body(buffer, partLength)).eTag());
                parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
            }
            // Only completing the upload makes the object visible, replacing the old one in one step.
            call("store " + key, () -> s3.completeMultipartUpload(b -> b.bucket(bucket).key(name).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts))));
        } catch (StorageException | RuntimeException e) {
            try {
                s3.abortMultipartUpload(b -> b.bucket(bucket).key(name).uploadId(uploadId));
            } catch (SdkException abortFailed) {
                // The bucket's lifecycle rule for incomplete uploads clears it; the put's failure is what matters.
                e.addSuppressed(new IOException("could not abort the partial upload of " + key));
            }
            throw e;
        }
    }

    /** Reads the next part of the content; a sender that fails is a failure of this put, as on a local disk. */
    static int fill(byte[] buffer, InputStream content, String key) throws StorageException {
        try {
            return content.readNBytes(buffer, 0, buffer.length);
        } catch (IOException e) {
            throw new StorageException(Problem.UNAVAILABLE, "storage unavailable: could not read what to store as "
                    + key + " (" + e + ")", e);
        }
    }

    /** A body over the first bytes of the buffer, read again (not copied) if the SDK signs or retries it. */
    private static RequestBody body(byte[] buffer, int length) {
        return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(buffer, 0, length), length,
                "application/octet-stream");
    }

    @Override
    public Optional<InputStream> open(String key, BlobRange range) throws StorageException {
        if (range.length() == 0) {
            return stat(key).map(info -> InputStream.nullInputStream());
        }
        String name = name(key);
        String header = httpRange(range);
        try {
            InputStream in = s3.getObject(b -> b.bucket(bucket).key(name).range(header));
            return Optional.of(in);
        } catch (NoSuchKeyException e) {
            return Optional.empty(); // (a missing bucket is a 404 too, but a failure: NoSuchBucket)
        } catch (SdkServiceException e) {
            if (e.statusCode() == 416) {
                return Optional.of(InputStream.nullInputStream()); // the range starts at or after the end
            }
            throw failure("read " + key, e);
        } catch (SdkException e) {
            throw failure("read " + key, e);
        }
    }

    /** The HTTP Range header for a range, or none for the whole blob. */
    static String httpRange(BlobRange range) {
        if (range.offset() == 0 && range.length() == Long.MAX_VALUE) {
            return null;
        }
        if (range.length() > Long.MAX_VALUE - range.offset()) {
            return "bytes=" + range.offset() + "-";
        }
        return "bytes=" + range.offset() + "-" + (range.offset() + range.length() - 1);
    }

    @Override
    public Optional<BlobInfo> stat(String key) throws StorageException {
        String name = name(key);
        try {
            var head = s3.headObject(b -> b.bucket(bucket).key(name));
            return Optional.of(new BlobInfo(key, head.contentLength(), head.lastModified().toEpochMilli(),
                    BlobChecksum.fromMetadata(head.metadata())));
        } catch (SdkServiceException e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw failure("look up " + key, e);
        } catch (SdkException e) {
            throw failure("look up " + key, e);
        }
    }

    @Override
    public Stream<BlobInfo> list(String keyPrefix) throws StorageException {
        // The paginator asks for the next page only when the stream reaches it.
        Iterator<S3Object> pages = s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix + keyPrefix))
                .contents().iterator();
        return PagedListing.of(pages, object -> new BlobInfo(object.key().substring(prefix.length()), object.size(),
                        object.lastModified().toEpochMilli()),
                e -> failure("list " + keyPrefix, e instanceof SdkException sdk ? sdk
                        : SdkClientException.create("listing failed", e)));
    }

    @Override
    public Path localCopy(String key, Path scratchDir) throws StorageException {
        Path target = scratchDir.resolve(UUID.randomUUID() + "-" + org.vitrine.storage.BlobKeys.fileName(key));
        try (InputStream in = open(key).orElseThrow(() -> new StorageException(Problem.MISSING,
                "storage missing: no blob " + key, null))) {
            Files.createDirectories(scratchDir);
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (StorageException e) {
            throw e;
        } catch (IOException e) {
            throw StorageException.of("copy " + key + " to local disk", e, scratchDir);
        } catch (SdkException e) {
            throw failure("read " + key, e);
        }
    }

    @Override
    public void delete(String key) throws StorageException {
        String name = name(key);
        call("delete " + key, () -> s3.deleteObject(b -> b.bucket(bucket).key(name)));
    }

    @Override
    public Optional<URI> url(String key, Duration validFor) throws StorageException {
        String name = name(key);
        var signed = call("sign a URL for " + key, () -> presigner.presignGetObject(b -> b.signatureDuration(validFor)
                .getObjectRequest(g -> g.bucket(bucket).key(name))));
        try {
            return Optional.of(signed.url().toURI());
        } catch (URISyntaxException e) {
            throw new StorageException(Problem.UNAVAILABLE, "storage unavailable: no URL for " + key, null);
        }
    }

    @Override
    public void close() {
        presigner.close();
        s3.close();
    }

    private String name(String key) {
        if (key.isEmpty() || key.startsWith("/") || key.contains("..")) {
            throw new IllegalArgumentException("Not a blob key: " + key);
        }
        return prefix + key;
    }

    private interface Call<T> {
        T run();
    }

    private static <T> T call(String operation, Call<T> call) throws StorageException {
        try {
            return call.run();
        } catch (SdkException e) {
            throw failure(operation, e);
        }
    }

    /**
     * The storage failure for an SDK error. The service's own message is left out (an S3 signature error echoes
     * the request it signed); its HTTP status and error code say enough, and say nothing secret.
     */
    static StorageException failure(String operation, SdkException e) {
        if (e instanceof SdkServiceException service) {
            int status = service.statusCode();
            Problem problem = status == 401 || status == 403 ? Problem.DENIED
                    : status == 404 ? Problem.MISSING : Problem.UNAVAILABLE;
            String code = service instanceof software.amazon.awssdk.awscore.exception.AwsServiceException aws
                    && aws.awsErrorDetails() != null ? ", " + aws.awsErrorDetails().errorCode() : "";
            return new StorageException(problem, "storage " + problem.name().toLowerCase() + ": could not "
                    + operation + " (S3 status " + status + code + ")", null);
        }
        return new StorageException(Problem.UNAVAILABLE, "storage unavailable: could not " + operation + " ("
                + e.getClass().getSimpleName() + ")", e);
    }
}
