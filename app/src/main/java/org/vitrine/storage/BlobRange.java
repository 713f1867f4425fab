package org.vitrine.storage;

/** BlobRange is a span of bytes of a blob: from {@code offset}, at most {@code length} bytes. */
public record BlobRange(long offset, long length) {
    /** The whole blob. */
    public static final BlobRange ALL = new BlobRange(0, Long.MAX_VALUE);

    public BlobRange {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("Not a byte range: offset " + offset + ", length " + length);
        }
    }

    /** The range of the HTTP form "first-last", both inclusive. */
    public static BlobRange inclusive(long first, long last) {
        return new BlobRange(first, last - first + 1);
    }
}
