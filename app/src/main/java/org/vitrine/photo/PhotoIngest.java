package org.vitrine.photo;

import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vitrine.jobs.JobKind;
import org.vitrine.jobs.JobQueue;
import org.vitrine.media.inspect.ImageInspector;
import org.vitrine.media.RejectedImageException;
import org.vitrine.storage.BlobStore;
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
    private final BlobStore blobs;
    private final ImageInspector inspector;
    private final JobQueue jobs;
    private final Runnable wakeWorkers;
    private final Path tmpDir;
    private final long maxBytes;
    private final Clock clock;

    public PhotoIngest(PhotoDao photos, BlobStore blobs, ImageInspector inspector, JobQueue jobs,
                       Runnable wakeWorkers, Path tmpDir, long maxBytes, Clock clock) throws IOException {
        this.photos = photos;
        this.blobs = blobs;
        this.inspector = inspector;
        this.jobs = jobs;
        this.wakeWorkers = wakeWorkers;
        this.tmpDir = Files.createDirectories(tmpDir);
        this.maxBytes = maxBytes;
        this.clock = clock;
    }

    /** What became of one file: accepted (with the new photo's id), a duplicate, or rejected with a reason. */
    public record Outcome(String name, boolean ok, Long photoId, String message) {
        static Outcome rejected(String name, String message) {
            return new Outcome(name, false, null, message);
        }
    }

    /** Ingests one file; never throws for bad input, only for a broken server (disk full, database down). */
    public Outcome ingest(long albumId, String originalName, InputStream content) throws IOException {
        String name = cleanName(originalName);
        Path temp = Files.createTempFile(tmpDir, "upload-", ".part");
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
            if (photos.findInAlbum(albumId, sha256).isPresent()) {
                return new Outcome(name, false, null, "already in this album (the same photo was uploaded before)");
            }
            String key = "originals/" + sha256.substring(0, 2) + "/" + sha256 + "." + inspection.format().extension();
            if (blobs.stat(key).isEmpty()) {
                blobs.put(key, temp);
            }
            long photoId;
            try {
                photoId = photos.insert(new PhotoDao.NewPhoto(albumId, sha256, key, name, inspection.format(), size,
                        inspection.metadata(), clock.millis()));
            } catch (UnableToExecuteStatementException e) {
                // Two uploads of the same photo raced past the check above: the unique index decides.
                if (photos.findInAlbum(albumId, sha256).isPresent()) {
                    return new Outcome(name, false, null, "already in this album (the same photo was uploaded before)");
                }
                throw e;
            }
            // If the server stops between these two lines, start-up re-queues every photo still processing.
            jobs.enqueue(JobKind.DERIVATIVES, photoId);
            wakeWorkers.run();
            log.info("upload: album {} photo {} '{}' {} {}x{} stored ({} bytes)", albumId, photoId, name,
                    inspection.format(), inspection.metadata().width(), inspection.metadata().height(), size);
            return new Outcome(name, true, photoId, "Uploaded");
        } finally {
            Files.deleteIfExists(temp);
        }
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
