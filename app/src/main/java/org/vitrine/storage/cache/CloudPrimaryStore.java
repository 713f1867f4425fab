package org.vitrine.storage.cache;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vitrine.storage.BlobKeys;
import org.vitrine.storage.BlobRange;
import org.vitrine.storage.BlobStore;
import org.vitrine.storage.LocalBlobStore;
import org.vitrine.storage.StorageException;
import org.vitrine.storage.StorageException.Problem;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * CloudPrimaryStore keeps blobs in a cloud store, with two folders on the local disk: a spool of blobs written
 * but not yet sent, and a bounded cache of blobs recently used.
 *
 * <p>A write is stored in the spool and acknowledged; a durable job ({@link SpoolUploads}) sends it to the
 * cloud later, however long the cloud is down, and moves it into the cache once sent. A spooled blob is read from
 * the spool meanwhile, so a new photo is processed before its original reached the cloud.
 *
 * <p>A read comes from the spool, else from the cache, else from the cloud, fetched into the cache while it
 * streams. Cloud calls made for a reader are bounded: a cloud that does not answer in {@code cloudWait} is an
 * error (a {@link StorageException} caused by a {@link TimeoutException}), not a thread held for minutes.
 */
public final class CloudPrimaryStore implements BlobStore, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CloudPrimaryStore.class);
    /** How long a reader waits for the cloud to answer, or for the next bytes of a blob it sends. */
    public static final Duration CLOUD_WAIT = Duration.ofSeconds(10);
    private static final Pattern ORIGINAL = Pattern.compile(Pattern.quote(BlobKeys.ORIGINALS)
            + "[0-9a-f]{2}/([0-9a-f]{64})\\.[a-z0-9]+");

    /** Told of every blob put in the spool: it queues the job that sends it. */
    @FunctionalInterface
    public interface SendLater {
        void send(String key);
    }

    private final BlobStore cloud;
    private final LocalBlobStore spool;
    private final Path spoolRoot;
    private final BlobCache cache;
    private final SendLater sendLater;
    private final Duration cloudWait;
    private final ConcurrentHashMap<String, CloudFetch> fetches = new ConcurrentHashMap<>();
    private final ExecutorService cloudCalls = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("cloud-fetch-", 0).factory());

    /**
     * @param localDir  the folder of the spool ({@code spool/}) and the cache ({@code cache/}), on one file system
     * @param cacheSize the most bytes the cache holds (the spool is not counted: it is never evicted)
     */
    public CloudPrimaryStore(BlobStore cloud, Path localDir, long cacheSize, SendLater sendLater, Duration cloudWait)
            throws IOException {
        this.cloud = cloud;
        this.spool = new LocalBlobStore(localDir.resolve("spool"));
        this.spoolRoot = localDir.resolve("spool").toRealPath();
        this.cache = new BlobCache(localDir.resolve("cache"), cacheSize);
        this.sendLater = sendLater;
        this.cloudWait = cloudWait;
    }

    @Override
    public void put(String key, InputStream content, Optional<String> sha256) throws StorageException {
        spool.put(key, content, sha256);
        // The cached copy, if any, is of the content replaced.
        cache.remove(key);
        sendLater.send(key);
    }

    @Override
    public Optional<InputStream> open(String key, BlobRange range) throws StorageException {
        Optional<InputStream> spooled = spool.open(key, range);
        if (spooled.isPresent()) {
            return spooled;
        }
        if (cache.lookup(key).isPresent()) {
            Optional<InputStream> cached = cache.files().open(key, range);
            if (cached.isPresent()) {
                return cached;
            }
        }
        for (int attempt = 1; ; attempt++) {
            CloudFetch fetch = fetch(key);
            if (!fetch.awaitAnswer(cloudWait)) {
                return Optional.empty();
            }
            try {
                return Optional.of(fetch.reader(range, cloudWait));
            } catch (StorageException e) {
                // A fetch that just ended may have been evicted at once (a blob larger than the whole cache),
                // before this reader opened it: fetch it again, once.
                if (attempt > 1 || !fetch.done()) {
                    throw e;
                }
            }
        }
    }

    /** The download of the blob into the cache, started now or already under way for another reader. */
    private CloudFetch fetch(String key) throws StorageException {
        try {
            return fetches.computeIfAbsent(key, k -> {
                try {
                    var fetch = new CloudFetch(k, cloud, cache, expectedSha256(k), () -> fetches.remove(k));
                    cache.missed();
                    cloudCalls.execute(fetch);
                    return fetch;
                } catch (StorageException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw (StorageException) e.getCause();
        }
    }

    /** An original's key is its content's SHA-256: a copy from the cloud is checked against it. */
    private static Optional<String> expectedSha256(String key) {
        var matcher = ORIGINAL.matcher(key);
        return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    @Override
    public Optional<BlobInfo> stat(String key) throws StorageException {
        Optional<BlobInfo> spooled = spool.stat(key);
        if (spooled.isPresent()) {
            return spooled;
        }
        if (cache.lookup(key).isPresent()) {
            Optional<BlobInfo> cached = cache.files().stat(key);
            if (cached.isPresent()) {
                return cached;
            }
        }
        return bounded("look up " + key, () -> cloud.stat(key));
    }

    /** The cloud's blobs and those still waiting in the spool, each once. */
    @Override
    public Stream<BlobInfo> list(String prefix) throws StorageException {
        Set<String> spooled;
        try (var waiting = spool.list(prefix)) {
            spooled = waiting.map(BlobInfo::key).collect(Collectors.toSet());
        }
        Stream<BlobInfo> inCloud = cloud.list(prefix).filter(info -> !spooled.contains(info.key()));
        return Stream.concat(spool.list(prefix), inCloud);
    }

    /**
     * A link to the spooled or cached file in the scratch folder (so that neither the upload nor an eviction takes
     * it away while the caller reads it), or a copy when links are not possible; else downloaded there (and into
     * the cache on the way, when it fits).
     */
    @Override
    public Path localCopy(String key, Path scratchDir) throws StorageException {
        Path target = scratchDir.resolve(UUID.randomUUID() + "-" + BlobKeys.fileName(key));
        try {
            Files.createDirectories(scratchDir);
            Optional<Path> local = localFile(key);
            if (local.isPresent()) {
                try {
                    return Files.createLink(target, local.get());
                } catch (NoSuchFileException e) {
                    // sent and moved to the cache, or evicted, just now: downloaded below
                } catch (UnsupportedOperationException | IOException e) {
                    try {
                        return Files.copy(local.get(), target);
                    } catch (NoSuchFileException gone) {
                        // as above
                    }
                }
            }
            try (InputStream in = open(key).orElseThrow(() -> new StorageException(Problem.MISSING,
                    "storage missing: no blob " + key, null))) {
                Files.copy(in, target);
                return target;
            }
        } catch (StorageException e) {
            throw e;
        } catch (IOException e) {
            throw StorageException.of("copy " + key, e, scratchDir);
        }
    }

    /** The spooled or cached file of the blob, when there is one: sent by the web server without the cloud. */
    @Override
    public Optional<Path> localFile(String key) {
        Optional<Path> spooled = spool.localFile(key).filter(Files::isRegularFile);
        return spooled.isPresent() ? spooled : cache.lookup(key);
    }

    @Override
    public void delete(String key) throws StorageException {
        // Local copies first: a cloud that is down fails the delete, which its caller tries again later.
        spool.delete(key);
        cache.remove(key);
        cloud.delete(key);
    }

    /** A signed URL of the cloud's copy; empty while the blob waits in the spool (the cloud has no copy yet). */
    @Override
    public Optional<URI> url(String key, Duration validFor) throws StorageException {
        if (spool.localFile(key).filter(Files::isRegularFile).isPresent()) {
            return Optional.empty();
        }
        return cloud.url(key, validFor);
    }

    /** The keys waiting in the spool, to queue again at start (a job lost, or given up on). */
    public Stream<String> spooled() throws StorageException {
        return spool.list("").map(BlobInfo::key);
    }

    /** How the cache is doing. */
    public BlobCache.Stats cacheStats() {
        return cache.stats();
    }

    /**
     * Sends a spooled blob to the cloud with its checksum, then moves it from the spool into the cache. Does
     * nothing when it is no longer spooled (sent by an earlier run of the job, or deleted). A blob replaced in the
     * spool while it was sent stays in the spool and the send fails, to be run again with the new content.
     */
    public void send(String key) throws StorageException {
        Path file = spool.localFile(key).orElseThrow();
        BasicFileAttributes sent;
        String sha256;
        try {
            sent = Files.readAttributes(file, BasicFileAttributes.class);
            sha256 = sha256Of(file);
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            throw StorageException.of("read the spooled " + key, e, file);
        }
        cloud.put(key, file, Optional.of(sha256));
        // Taken out of the spool under a private name first, then checked to be the very file that was sent: a
        // put of new content meanwhile (in any process) made a new file, which must stay spooled.
        Path taken = spoolRoot.resolve(".sent-" + UUID.randomUUID());
        try {
            Files.move(file, taken, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            return; // deleted meanwhile
        } catch (IOException e) {
            throw StorageException.of("take " + key + " out of the spool", e, file);
        }
        try {
            var now = Files.readAttributes(taken, BasicFileAttributes.class);
            if (Objects.equals(now.fileKey(), sent.fileKey()) && now.size() == sent.size()
                    && now.lastModifiedTime().equals(sent.lastModifiedTime())) {
                cache.admit(key, taken, now.size());
                return;
            }
            try {
                Files.move(taken, file); // not replacing: a put even newer than this one wins
            } catch (java.nio.file.FileAlreadyExistsException newer) {
                Files.delete(taken);
            }
        } catch (IOException e) {
            throw StorageException.of("move the sent " + key + " into the cache", e, file);
        }
        throw new StorageException(Problem.UNAVAILABLE, "storage unavailable: " + key
                + " was replaced while it was sent; sending the new content", null);
    }

    private static String sha256Of(Path file) throws IOException {
        try (var in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(in.getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A cloud call, given up after {@code cloudWait} (it goes on in the background until the client's own time-out). */
    private <T> T bounded(String what, Callable<T> call) throws StorageException {
        Future<T> future = cloudCalls.submit(call);
        try {
            return future.get(cloudWait.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new StorageException(Problem.UNAVAILABLE, "storage unavailable: the cloud store did not answer "
                    + "within " + cloudWait.toSeconds() + " s (" + what + ")", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof StorageException storage) {
                throw storage;
            }
            throw new StorageException(Problem.UNAVAILABLE, "storage unavailable: could not " + what + " ("
                    + e.getCause() + ")", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException(Problem.UNAVAILABLE, "storage unavailable: interrupted while waiting to "
                    + what, e);
        }
    }

    @Override
    public void close() {
        cloudCalls.shutdownNow();
        if (cloud instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                log.warn("storage: could not close the cloud store's client: {}", e.toString());
            }
        }
    }
}
