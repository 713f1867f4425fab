package org.vitrine.photo;

import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vitrine.jobs.JobKind;
import org.vitrine.jobs.JobQueue;
import org.vitrine.media.inspect.ImageInspector;
import org.vitrine.media.RejectedImageException;
import org.vitrine.storage.BlobKeys;
import org.vitrine.storage.StorageException;
import org.vitrine.web.FileNames;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;

/**
 * PhotoIngest takes one uploaded file into an album: it streams the bytes to disk while hashing them,
 * inspects the content (type, pixel limit, truncation, EXIF), stores the original by content hash and queues
 * its derivatives. It never decodes pixels, so it is safe on a request thread; resizing happens in the
 * background.
 */
public final class PhotoIngest {
    private static final Logger log = LoggerFactory.getLogger(PhotoIngest.class);

    private final PhotoDao photos;
    private final OriginalBlobs originals;
    private final ImageInspector inspector;
    private final JobQueue jobs;
    private final Runnable wakeWorkers;
    private final Path tmpDir;
    private final long maxBytes;
    private final Clock clock;

    public PhotoIngest(PhotoDao photos, OriginalBlobs originals, ImageInspector inspector, JobQueue jobs,
                       Runnable wakeWorkers, Path tmpDir, long maxBytes, Clock clock) throws IOException {
        this.photos = photos;
        this.originals = originals;
        this.inspector = inspector;
        this.jobs = jobs;
        this.wakeWorkers = wakeWorkers;
        this.tmpDir = Files.createDirectories(tmpDir);
        this.maxBytes = maxBytes;
        this.clock = clock;
    }

    /** What became of one file: accepted (with the new photo's id), a duplicate, or rejected with a reason. */
    public record Outcome(String name, boolean ok, Long photoId, String message, boolean duplicate) {
        static Outcome rejected(String name, String message) {
            return new Outcome(name, false, null, message, false);
        }

        /** The same photo is already in the album: not an error, nothing was added. */
        static Outcome duplicate(String name) {
            return new Outcome(name, false, null, "already in this album (the same photo was uploaded before)", true);
        }
    }

    /** Ingests one file; never throws for bad input, only for a broken server (disk full, database down). */
    public Outcome ingest(long albumId, String originalName, InputStream content) throws IOException {
        return ingest(albumId, originalName, content, null);
    }

    /**
     * Ingests one file that the uploader named with {@code uploadId} (null for none): the same upload sent again,
     * because the answer to the first was lost, gets the first one's photo and stores nothing.
     */
    public Outcome ingest(long albumId, String originalName, InputStream content, String uploadId)
            throws IOException {
        String name = cleanName(originalName);
        var earlier = earlierUpload(albumId, uploadId);
        if (earlier.isPresent()) {
            return receivedAgain(albumId, name, earlier.get());
        }
        Path temp;
        try {
            temp = Files.createTempFile(Files.createDirectories(tmpDir), "upload-", ".part");
        } catch (IOException e) {
            throw StorageException.of("receive an upload", e, tmpDir);
        }
        try {
            String sha256;
            long size;
            try (OutputStream out = Files.newOutputStream(temp)) {
                var digest = sha256();
                size = copyWithLimit(content, new DigestOutputStream(out, digest));
                if (size < 0) {
                    return Outcome.rejected(name, "too large: the limit is " + maxBytes / (1024 * 1024) + " MB per file");
                }
                sha256 = HexFormat.of().formatHex(digest.digest());
            } catch (IOException e) {
                // Either side may fail: the sender (gone away) or the disk (full), which the caller must hear of.
                var storage = StorageException.of("receive an upload", e, tmpDir);
                throw storage.problem() == StorageException.Problem.FULL ? storage : e;
            }
            if (size == 0) {
                return Outcome.rejected(name, "empty file: nothing was received");
            }
            ImageInspector.Inspection inspection;
            try {
                inspection = inspector.inspect(temp);
            } catch (RejectedImageException e) {
                return Outcome.rejected(name, e.getMessage());
            }
            // Asked again now that the bytes are in: the first attempt may have finished while they came.
            var sameUpload = earlierUpload(albumId, uploadId);
            if (sameUpload.isPresent()) {
                return receivedAgain(albumId, name, sameUpload.get());
            }
            if (photos.findInAlbum(albumId, sha256).isPresent()) {
                return Outcome.duplicate(name);
            }
            String key = BlobKeys.original(sha256, inspection.format().extension());
            long photoId;
            try {
                photoId = originals.insertPhoto(new PhotoDao.NewPhoto(albumId, sha256, key, name,
                        inspection.format(), size, inspection.metadata(), clock.millis(), uploadId), temp);
            } catch (UnableToExecuteStatementException e) {
                // Two uploads of the same photo raced past the checks above: the unique indexes decide.
                var raced = earlierUpload(albumId, uploadId);
                if (raced.isPresent()) {
                    return receivedAgain(albumId, name, raced.get());
                }
                if (photos.findInAlbum(albumId, sha256).isPresent()) {
                    return Outcome.duplicate(name);
                }
                throw e;
            }
            // If the server stops between these two lines, start-up re-queues every photo still processing.
            jobs.enqueue(JobKind.DERIVATIVES, photoId);
            wakeWorkers.run();
            log.info("upload: album {} photo {} '{}' {} {}x{} stored ({} bytes)", albumId, photoId, name,
                    inspection.format(), inspection.metadata().width(), inspection.metadata().height(), size);
            return new Outcome(name, true, photoId, "Uploaded", false);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private java.util.Optional<Long> earlierUpload(long albumId, String uploadId) {
        return uploadId == null ? java.util.Optional.empty() : photos.findByUploadId(albumId, uploadId);
    }

    /**
     * The answer to an upload sent again: the photo its first attempt made. That attempt may have been cut off
     * (its process killed) between storing the photo and queueing its sizes, so they are queued here unless
     * they are queued or made already.
     */
    private Outcome receivedAgain(long albumId, String name, long photoId) {
        if (jobs.enqueueIf(JobKind.DERIVATIVES, java.util.List.of(photoId), PhotoDao.STILL_PROCESSING) > 0) {
            wakeWorkers.run();
        }
        log.info("upload: album {} photo {} '{}' received again (same upload id): kept once", albumId, photoId, name);
        return new Outcome(name, true, photoId, "Uploaded", false);
    }

    /** Copies at most maxBytes; returns the count, or -1 when the input is longer (reading stops there). */
    private long copyWithLimit(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        for (int n; (n = in.read(buffer)) > 0; ) {
            total += n;
            if (total > maxBytes) {
                return -1;
            }
            out.write(buffer, 0, n);
        }
        return total;
    }

    /** The name as shown to people: no folders, no control or bidirectional characters, at most 255 characters. */
    static String cleanName(String name) {
        if (name == null || name.isBlank()) {
            return "photo";
        }
        String base = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        base = FileNames.withoutControls(base);
        if (base.isEmpty()) {
            return "photo";
        }
        return base.length() > 255 ? base.substring(0, 255) : base;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
