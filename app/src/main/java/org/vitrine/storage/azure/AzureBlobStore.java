package org.vitrine.storage.azure;

import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.rest.PagedIterable;
import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobHttpHeaders;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.options.BlockBlobCommitBlockListOptions;
import com.azure.storage.blob.options.BlockBlobSimpleUploadOptions;
import com.azure.storage.blob.sas.BlobSasPermission;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;
import com.azure.storage.blob.specialized.BlockBlobClient;
import com.azure.storage.common.StorageSharedKeyCredential;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import org.vitrine.storage.BlobChecksum;
import org.vitrine.storage.BlobContentType;
import org.vitrine.storage.BlobKeys;
import org.vitrine.storage.BlobRange;
import org.vitrine.storage.BlobStore;
import org.vitrine.storage.PagedListing;
import org.vitrine.storage.StorageException;
import org.vitrine.storage.StorageException.Problem;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;

/**
 * AzureBlobStore keeps blobs as block blobs in an Azure Storage container, under an optional name prefix. Large
 * blobs go up as staged blocks of bounded size, committed in one step; it talks through the JDK's HTTP client.
 */
public final class AzureBlobStore implements BlobStore {
    /** One buffer of this size is all a put holds; blobs up to it go up in a single request. */
    static final int BLOCK_SIZE = 4 * 1024 * 1024;
    private static final int PIPE_SIZE = 256 * 1024;

    private final BlobContainerClient container;
    private final String prefix;

    /**
     * A store in the container at {@code accountUrl} (e.g. {@code https://ACCOUNT.blob.core.windows.net}), signed
     * with the account's shared key (needed for signed URLs, too).
     */
    public AzureBlobStore(URI accountUrl, String accountName, String accountKey, String containerName, String prefix) {
        var service = new BlobServiceClientBuilder()
                .endpoint(accountUrl.toString())
                .credential(new StorageSharedKeyCredential(accountName, accountKey))
                .httpClient(new JdkHttpClientBuilder().connectionTimeout(Duration.ofSeconds(10)).build())
                // A few quick retries, each try bounded: an unreachable service is a prompt, retryable failure
                // (the SDK's default backs off for most of a minute while the caller's thread waits).
                .retryOptions(new RequestRetryOptions(RetryPolicyType.EXPONENTIAL, 3, Duration.ofSeconds(60),
                        Duration.ofMillis(200), Duration.ofSeconds(2), null))
                .buildClient();
        this.container = service.getBlobContainerClient(containerName);
        this.prefix = prefix == null || prefix.isEmpty() || prefix.endsWith("/") ? (prefix == null ? "" : prefix)
                : prefix + "/";
    }

    @Override
    public void put(String key, InputStream content, Optional<String> sha256) throws StorageException {
        BlockBlobClient blob = blob(key);
        // Blob metadata, set in the same request that makes the blob visible: the checksum never describes
        // other bytes. No metadata at all replaces the previous blob's.
        Map<String, String> metadata = BlobChecksum.checked(sha256)
                .map(value -> Map.of(BlobChecksum.METADATA_NAME, value)).orElse(Map.of());
        var headers = new BlobHttpHeaders().setContentType(BlobContentType.of(key));
        byte[] buffer = new byte[BLOCK_SIZE];
        int n = fill(buffer, content, key);
        try {
            if (n < BLOCK_SIZE) {
                // One request: Azure makes a single upload visible whole or not at all.
                blob.uploadWithResponse(new BlockBlobSimpleUploadOptions(data(buffer, n)).setHeaders(headers)
                                .setMetadata(metadata),
                        null, Context.NONE);
                return;
            }
            // Block ids unique to this put: concurrent puts of one blob must not stage over each other's blocks.
            String batch = UUID.randomUUID().toString();
            List<String> blocks = new ArrayList<>();
            for (int length = n; length > 0; length = fill(buffer, content, key)) {
                String id = Base64.getEncoder().encodeToString(
                        String.format("%s-%06d", batch, blocks.size()).getBytes(StandardCharsets.US_ASCII));
                blob.stageBlock(id, data(buffer, length));
                blocks.add(id);
            }
            // Committing the list makes the blob visible, replacing the old one in one step. Blocks of a put that
            // failed before this stay uncommitted and are discarded by the service.
            blob.commitBlockListWithResponse(new BlockBlobCommitBlockListOptions(blocks).setHeaders(headers)
                            .setMetadata(metadata),
                    null, Context.NONE);
        } catch (RuntimeException e) {
            throw failure("store " + key, e);
        }
    }

    private static BinaryData data(byte[] buffer, int length) {
        return BinaryData.fromByteBuffer(ByteBuffer.wrap(buffer, 0, length));
    }

    private static int fill(byte[] buffer, InputStream content, String key) throws StorageException {
        try {
            return content.readNBytes(buffer, 0, buffer.length);
        } catch (IOException e) {
            throw new StorageException(Problem.UNAVAILABLE, "storage unavailable: could not read what to store as "
                    + key + " (" + e + ")", e);
        }
    }

    @Override
    public Optional<InputStream> open(String key, BlobRange range) throws StorageException {
        if (range.length() == 0) {
            return stat(key).map(info -> InputStream.nullInputStream());
        }
        var blob = blob(key);
        var azureRange = new com.azure.storage.blob.models.BlobRange(range.offset(),
                range.length() == Long.MAX_VALUE ? null : range.length());
        // The SDK writes a download into an OutputStream; a pipe turns that into the stream callers read, so one
        // response is read from start to end (a consistent copy) and never held whole.
        var reader = new DownloadStream(key);
        Thread.ofVirtual().name("azure-download").start(() -> reader.download(out -> blob.downloadStreamWithResponse(
                out, azureRange, null, null, false, null, Context.NONE)));
        try {
            reader.answered.get();
            return Optional.of(reader);
        } catch (ExecutionException e) {
            reader.closeQuietly();
            if (e.getCause() instanceof BlobStorageException azure) {
                if (isMissingBlob(azure)) {
                    return Optional.empty();
                }
                if (azure.getStatusCode() == 416) {
                    return Optional.of(InputStream.nullInputStream()); // the range starts at or after the end
                }
            }
            throw failure("read " + key, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reader.closeQuietly();
            throw new StorageException(Problem.UNAVAILABLE, "storage unavailable: interrupted reading " + key, e);
        }
    }

    /** DownloadStream is the reading end of one download running on its own thread. */
    private static final class DownloadStream extends FilterInputStream {
        final CompletableFuture<Void> answered = new CompletableFuture<>();
        private final PipedOutputStream sink;
        private final String key;
        private volatile Throwable failed;

        DownloadStream(String key) {
            super(new PipedInputStream(PIPE_SIZE));
            this.key = key;
            try {
                this.sink = new PipedOutputStream((PipedInputStream) in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        interface Download {
            void into(OutputStream out);
        }

        void download(Download download) {
            var out = new FilterOutputStreamSignalling(sink, answered);
            try {
                download.into(out);
                answered.complete(null);
            } catch (RuntimeException e) {
                failed = e;
                answered.completeExceptionally(e);
            } finally {
                try {
                    sink.close();
                } catch (IOException ignored) {
                    // the reader went away
                }
            }
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            return b < 0 ? endOrFailure() : b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            return n < 0 ? endOrFailure() : n;
        }

        /** The end of the stream, unless the download broke off: then a failure, never a silently short blob. */
        private int endOrFailure() throws StorageException {
            if (failed != null) {
                throw failure("read " + key, failed);
            }
            return -1;
        }

        void closeQuietly() {
            try {
                close();
            } catch (IOException ignored) {
                // nothing was read
            }
        }
    }

    /** FilterOutputStreamSignalling tells that the service answered as soon as the first bytes arrive. */
    private static final class FilterOutputStreamSignalling extends OutputStream {
        private final OutputStream out;
        private final CompletableFuture<Void> answered;

        FilterOutputStreamSignalling(OutputStream out, CompletableFuture<Void> answered) {
            this.out = out;
            this.answered = answered;
        }

        @Override
        public void write(int b) throws IOException {
            answered.complete(null);
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            answered.complete(null);
            out.write(b, off, len);
        }
    }

    @Override
    public Optional<BlobInfo> stat(String key) throws StorageException {
        try {
            var properties = blob(key).getProperties();
            return Optional.of(new BlobInfo(key, properties.getBlobSize(),
                    properties.getLastModified().toInstant().toEpochMilli(),
                    BlobChecksum.fromMetadata(properties.getMetadata())));
        } catch (BlobStorageException e) {
            if (isMissingBlob(e)) {
                return Optional.empty();
            }
            throw failure("look up " + key, e);
        } catch (RuntimeException e) {
            throw failure("look up " + key, e);
        }
    }

    @Override
    public Stream<BlobInfo> list(String keyPrefix) throws StorageException {
        // A paged iterable fetches the next page only when the stream reaches it.
        PagedIterable<BlobItem> items = container.listBlobs(new ListBlobsOptions().setPrefix(prefix + keyPrefix)
                .setMaxResultsPerPage(1000), null);
        Iterator<BlobItem> pages;
        try {
            pages = items.iterator();
        } catch (RuntimeException e) {
            throw failure("list " + keyPrefix, e);
        }
        return PagedListing.of(pages, item -> new BlobInfo(item.getName().substring(prefix.length()),
                        item.getProperties().getContentLength(),
                        item.getProperties().getLastModified().toInstant().toEpochMilli()),
                e -> failure("list " + keyPrefix, e));
    }

    @Override
    public Path localCopy(String key, Path scratchDir) throws StorageException {
        Path target = scratchDir.resolve(UUID.randomUUID() + "-" + BlobKeys.fileName(key));
        try (InputStream in = open(key).orElseThrow(() -> new StorageException(Problem.MISSING,
                "storage missing: no blob " + key, null))) {
            Files.createDirectories(scratchDir);
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (StorageException e) {
            throw e;
        } catch (IOException e) {
            throw StorageException.of("copy " + key + " to local disk", e, scratchDir);
        }
    }

    @Override
    public void delete(String key) throws StorageException {
        try {
            blob(key).deleteIfExists();
        } catch (RuntimeException e) {
            throw failure("delete " + key, e);
        }
    }

    @Override
    public Optional<URI> url(String key, Duration validFor) throws StorageException {
        var blob = blob(key);
        try {
            String sas = blob.generateSas(new BlobServiceSasSignatureValues(OffsetDateTime.now().plus(validFor),
                    new BlobSasPermission().setReadPermission(true)));
            return Optional.of(URI.create(blob.getBlobUrl() + "?" + sas));
        } catch (RuntimeException e) {
            throw failure("sign a URL for " + key, e);
        }
    }

    /** A 404 for the blob itself; a missing container is a 404 too, but a failure of the storage. */
    private static boolean isMissingBlob(BlobStorageException e) {
        return e.getStatusCode() == 404 && !BlobErrorCode.CONTAINER_NOT_FOUND.equals(e.getErrorCode());
    }

    private BlockBlobClient blob(String key) {
        if (key.isEmpty() || key.startsWith("/") || key.contains("..")) {
            throw new IllegalArgumentException("Not a blob key: " + key);
        }
        return container.getBlobClient(prefix + key).getBlockBlobClient();
    }

    /**
     * The storage failure for an SDK error. The service's own message is left out; its HTTP status and error code
     * say enough, and say nothing secret.
     */
    static StorageException failure(String operation, Throwable e) {
        if (e instanceof BlobStorageException azure) {
            int status = azure.getStatusCode();
            Problem problem = status == 401 || status == 403 ? Problem.DENIED
                    : status == 404 ? Problem.MISSING : Problem.UNAVAILABLE;
            return new StorageException(problem, "storage " + problem.name().toLowerCase() + ": could not "
                    + operation + " (Azure status " + status + ", " + azure.getErrorCode() + ")", null);
        }
        return new StorageException(Problem.UNAVAILABLE, "storage unavailable: could not " + operation + " ("
                + e.getClass().getSimpleName() + ")", e);
    }
}
