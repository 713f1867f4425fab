package org.vitrine.photo;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vitrine.media.ImageEngine;
import org.vitrine.media.ImageFormat;
import org.vitrine.media.UnsupportedImageException;
import org.vitrine.storage.BlobKeys;
import org.vitrine.storage.BlobStore;
import org.vitrine.storage.StorageException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * DerivativeMaker makes a photo's ladder of sizes with the image engine and stores them. Idempotent: running it
 * twice leaves the same result, and the photo's previous derivatives stay in place until the new ones are stored.
 */
public final class DerivativeMaker {
    /** Long-edge sizes: grid thumbnails at 1x and 2x, and full-screen viewing at 1x and 2x. */
    public static final List<Integer> LADDER = List.of(2048, 1280, 640, 320);

    private static final Logger log = LoggerFactory.getLogger(DerivativeMaker.class);

    private final PhotoDao photos;
    private final BlobStore blobs;
    private final ImageEngine engine;
    // A write this size that fails means the scratch disk, not the image, is the problem.
    private static final int PROBE_BYTES = 64 * 1024;

    private final Path tmpDir;

    public DerivativeMaker(PhotoDao photos, BlobStore blobs, ImageEngine engine, Path tmpDir) throws IOException {
        this.photos = photos;
        this.blobs = blobs;
        this.engine = engine;
        this.tmpDir = tmpDir;
    }

    /**
     * Makes and stores the derivatives of a photo and marks it ready. A photo deleted meanwhile is skipped, and
     * sizes stored for a photo deleted while they were made are removed again.
     *
     * @throws UnsupportedImageException when the engine cannot decode this format
     * @throws StorageException          when the storage failed (full, not writable, unreachable): worth retrying
     * @throws IOException               when the original cannot be decoded: the same bytes will fail again
     */
    public void make(long photoId) throws IOException, UnsupportedImageException {
        var found = photos.find(photoId);
        if (found.isEmpty()) {
            log.info("derivatives: photo {} no longer exists, nothing to do", photoId);
            return;
        }
        Photo photo = found.get();
        long start = System.nanoTime();
        Path work = scratchFolder(photoId);
        try {
            List<ImageEngine.RenderedImage> rendered;
            try {
                Path original = blobs.localCopy(photo.originalKey(), work);
                try {
                    rendered = engine.render(original, photo.format(), photo.renderOrientation(), LADDER, work);
                } catch (IOException e) {
                    throw scratchFault(work, e).orElseThrow(() -> e);
                }
            } catch (IOException e) {
                if (photos.find(photoId).isEmpty()) {
                    // Deleted meanwhile, its original with it: nothing is wrong with the image or the storage.
                    log.info("derivatives: photo {} was deleted while its sizes were made", photoId);
                    return;
                }
                throw e;
            }
            List<Derivative> derivatives = new ArrayList<>();
            for (ImageEngine.RenderedImage image : rendered) {
                String key = BlobKeys.derivative(photoId, image.width(), contentHash(image.file()));
                blobs.put(key, image.file());
                derivatives.add(new Derivative(photoId, image.width(), image.height(), key, image.file().toFile().length()));
            }
            derivatives.sort(Comparator.comparingInt(Derivative::width));
            Set<String> kept = new HashSet<>(derivatives.stream().map(Derivative::blobKey).toList());
            List<Derivative> previous = photos.derivatives(photoId);
            if (!photos.markReady(photoId, derivatives)) {
                // Deleted while its sizes were made: nothing refers to the files just stored.
                for (Derivative d : derivatives) {
                    blobs.delete(d.blobKey());
                }
                log.info("derivatives: photo {} was deleted while its sizes were made; removed them", photoId);
                return;
            }
            for (Derivative old : previous) {
                if (!kept.contains(old.blobKey())) {
                    blobs.delete(old.blobKey());
                }
            }
            log.info("derivatives: photo {} {} sizes with the {} engine in {} ms", photoId, derivatives.size(),
                    engine.name(), (System.nanoTime() - start) / 1_000_000);
        } finally {
            deleteTree(work);
        }
    }

    private Path scratchFolder(long photoId) throws StorageException {
        try {
            return Files.createTempDirectory(Files.createDirectories(tmpDir), "derive-" + photoId + "-");
        } catch (IOException e) {
            throw StorageException.of("make a scratch folder", e, tmpDir);
        }
    }

    /**
     * Whether an engine failure was the scratch disk's fault rather than the image's: the engine reports both as
     * I/O errors with library-specific texts, so the disk is asked instead. It is at fault when it is (nearly)
     * full or refuses a small write now.
     */
    private static Optional<StorageException> scratchFault(Path work, IOException failure) {
        Path probe = work.resolve(".probe");
        try (var channel = java.nio.channels.FileChannel.open(probe, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.allocate(PROBE_BYTES));
            channel.force(true);
        } catch (IOException e) {
            return Optional.of(StorageException.of("write in the scratch folder", failure, work));
        } finally {
            try {
                Files.deleteIfExists(probe);
            } catch (IOException ignored) {
                // the scratch folder is removed as a whole afterwards
            }
        }
        var diagnosed = StorageException.of("render in the scratch folder", failure, work);
        return diagnosed.problem() == StorageException.Problem.FULL ? Optional.of(diagnosed) : Optional.empty();
    }

    /**
     * The estimated peak memory of making this photo's ladder, from its stored size and format and, for JPEGs,
     * the original's header (progressive or not). Zero for a photo that no longer exists.
     */
    public long estimatePeakBytes(long photoId) throws IOException {
        var found = photos.find(photoId);
        if (found.isEmpty()) {
            return 0;
        }
        Photo photo = found.get();
        boolean progressive = false;
        if (photo.format() == ImageFormat.JPEG) {
            var in = blobs.open(photo.originalKey());
            if (in.isPresent()) {
                try (InputStream stream = in.get()) {
                    progressive = JpegHeader.isProgressive(stream);
                }
            }
        }
        return MemoryEstimate.bytes(engine.name(), photo.format(), progressive, photo.metadata().width(),
                photo.metadata().height(), LADDER.getFirst());
    }

    /** Marks a photo failed with a reason the owner can read. */
    public void markFailed(long photoId, String reason) {
        photos.setStatus(photoId, PhotoStatus.FAILED, reason);
    }

    private static String contentHash(Path file) throws StorageException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw StorageException.of("read a rendered size", e, file);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            log.warn("derivatives: could not clean {}: {}", dir, e.toString());
        }
    }
}
