package org.vitrine.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * DiskSpace is how much room is left on the file system holding a folder, and whether that is low enough to
 * warn the owner before uploads and processing start failing.
 */
public record DiskSpace(long usableBytes, long totalBytes) {
    /** Below this much free space, or {@link #LOW_PERCENT} of the disk, the space is low. */
    public static final long LOW_BYTES = 1024L * 1024 * 1024;
    public static final int LOW_PERCENT = 2;

    public static DiskSpace of(Path folder) throws IOException {
        var store = Files.getFileStore(folder);
        return new DiskSpace(store.getUsableSpace(), store.getTotalSpace());
    }

    public boolean isLow() {
        return usableBytes < LOW_BYTES || usableBytes * 100 < totalBytes * LOW_PERCENT;
    }

    public int freePercent() {
        return totalBytes == 0 ? 0 : (int) (usableBytes * 100 / totalBytes);
    }
}
