package org.vitrine.storage;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * BlobStore keeps originals and derivatives under string keys (see {@link BlobKeys} for the layout). Data moves
 * as streams or files, never as whole byte arrays. Every failure of the storage itself (disk full, permission,
 * network) is a {@link StorageException}, which callers treat as worth retrying; a missing blob is not a failure
 * but an empty answer.
 */
public interface BlobStore {

    /**
     * Stores everything the stream gives under the key, replacing any previous blob atomically: readers see the
     * old blob or the new one, never a mix or a partial file. The stream is read to its end but not closed.
     * A store that keeps checksums records {@code sha256} (the content's SHA-256, 64 lower-case hex digits) with
     * the blob, where {@link #stat} gives it back; a replaced blob keeps no checksum of its predecessor. The
     * checksum is the caller's word, not verified here (a verification reads the blob again, see
     * {@code vitrine storage verify}).
     */
    void put(String key, InputStream content, Optional<String> sha256) throws StorageException;

    /** Stores the stream under the key without a checksum, as {@link #put(String, InputStream, Optional)}. */
    default void put(String key, InputStream content) throws StorageException {
        put(key, content, Optional.empty());
    }

    /** Stores the file under the key without a checksum. The file is left in place. */
    default void put(String key, Path file) throws StorageException {
        put(key, file, Optional.empty());
    }

    /** Stores the file under the key, as {@link #put(String, InputStream, Optional)}. The file is left in place. */
    default void put(String key, Path file, Optional<String> sha256) throws StorageException {
        try (InputStream in = Files.newInputStream(file)) {
            put(key, in, sha256);
        } catch (StorageException e) {
            throw e;
        } catch (IOException e) {
            throw StorageException.of("read " + file.getFileName(), e, file);
        }
    }

    /** Opens the whole blob for reading, or empty when there is none. */
    default Optional<InputStream> open(String key) throws StorageException {
        return open(key, BlobRange.ALL);
    }

    /**
     * Opens part of the blob: the bytes of the range that exist (a range reaching past the end is cut at the end;
     * one starting at or after the end gives no bytes). Empty when there is no blob.
     */
    Optional<InputStream> open(String key, BlobRange range) throws StorageException;

    /** Size and modification time of the blob, or empty when there is none. */
    Optional<BlobInfo> stat(String key) throws StorageException;

    /**
     * The blobs whose keys start with the prefix (a plain string prefix, as in S3), in no particular order.
     * The stream reads lazily (close it); a storage failure while it reads is thrown as an
     * {@link java.io.UncheckedIOException} whose cause is a {@link StorageException}.
     */
    Stream<BlobInfo> list(String prefix) throws StorageException;

    /** A local file holding the blob: the blob itself where it is on disk, otherwise a downloaded copy. */
    Path localCopy(String key, Path scratchDir) throws StorageException;

    /**
     * The file that holds the blob when this store keeps blobs as local files (it may not exist), so that the web
     * server can send it without copying; empty for stores elsewhere (cloud).
     */
    default Optional<Path> localFile(String key) {
        return Optional.empty();
    }

    /** Removes the blob; removing a blob that is not there does nothing. */
    void delete(String key) throws StorageException;

    /**
     * A URL from which a browser may fetch the blob directly for a while (a presigned or public URL of a cloud
     * store), or empty when the blob must be served through Vitrine, as from a local disk.
     */
    default Optional<URI> url(String key, Duration validFor) throws StorageException {
        return Optional.empty();
    }

    /**
     * A blob's key, size in bytes, last modification in epoch milliseconds and the SHA-256 stored with it: known
     * from {@link #stat} in a store that keeps checksums, empty otherwise (and from {@link #list}, which S3 cannot
     * answer with an object's metadata).
     */
    record BlobInfo(String key, long size, long lastModified, Optional<String> sha256) {
        public BlobInfo(String key, long size, long lastModified) {
            this(key, size, lastModified, Optional.empty());
        }
    }
}
