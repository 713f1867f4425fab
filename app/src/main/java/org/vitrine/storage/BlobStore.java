package org.vitrine.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * BlobStore keeps originals and derivatives under string keys such as {@code originals/ab/abcdef....jpg}.
 * Data moves as streams or files, never as whole byte arrays.
 */
public interface BlobStore {

    /** Stores the file under the key, replacing any previous blob atomically. The file is left in place. */
    void put(String key, Path file) throws IOException;

    /** Opens the blob for reading, or empty when there is none. */
    Optional<InputStream> open(String key) throws IOException;

    /** Size and modification time of the blob, or empty when there is none. */
    Optional<BlobInfo> stat(String key) throws IOException;

    /** A local file holding the blob: the blob itself where it is on disk, otherwise a downloaded copy. */
    Path localCopy(String key, Path scratchDir) throws IOException;

    void delete(String key) throws IOException;

    /** Size in bytes and last modification in epoch milliseconds. */
    record BlobInfo(long size, long lastModified) {
    }
}
