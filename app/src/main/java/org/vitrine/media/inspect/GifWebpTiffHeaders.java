package org.vitrine.media.inspect;

import org.vitrine.media.PixelSize;
import org.vitrine.media.RejectedImageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** GifWebpTiffHeaders reads the pixel size of the formats whose header states it in a few fixed bytes. */
final class GifWebpTiffHeaders {
    private static final int TIFF_IMAGE_WIDTH = 256;
    private static final int TIFF_IMAGE_LENGTH = 257;
    private static final int TIFF_MAX_ENTRIES = 4096;
    /**
     * Directories (pages, thumbnails) a TIFF may chain: cameras and scanners write a few. Decoders and the metadata
     * reader walk the whole chain, so a file of millions of empty ones costs minutes whatever its pixel size.
     */
    static final int TIFF_MAX_DIRECTORIES = 64;

    private GifWebpTiffHeaders() {
    }

    static PixelSize gif(Path file) throws IOException, RejectedImageException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer b = require(FileBytes.read(channel, 6, 4, ByteOrder.LITTLE_ENDIAN), "GIF");
            return nonEmpty(new PixelSize(b.getShort(0) & 0xFFFF, b.getShort(2) & 0xFFFF), "GIF");
        }
    }

    static PixelSize webp(Path file) throws IOException, RejectedImageException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer b = require(FileBytes.read(channel, 0, 30, ByteOrder.LITTLE_ENDIAN), "WebP");
            long riffEnd = 8 + Integer.toUnsignedLong(b.getInt(4));
            if (riffEnd > channel.size()) {
                throw new RejectedImageException(JpegStructure.INCOMPLETE);
            }
            String chunk = new String(new byte[]{b.get(12), b.get(13), b.get(14), b.get(15)},
                    java.nio.charset.StandardCharsets.US_ASCII);
            PixelSize size = switch (chunk) {
                case "VP8X" -> new PixelSize(1 + u24(b, 24), 1 + u24(b, 27));
                case "VP8L" -> {
                    if ((b.get(20) & 0xFF) != 0x2F) {
                        throw new RejectedImageException("the WebP file is damaged (bad lossless header)");
                    }
                    long bits = Integer.toUnsignedLong(b.getInt(21));
                    yield new PixelSize(1 + (bits & 0x3FFF), 1 + ((bits >> 14) & 0x3FFF));
                }
                case "VP8 " -> {
                    if ((b.get(23) & 0xFF) != 0x9D || (b.get(24) & 0xFF) != 0x01 || (b.get(25) & 0xFF) != 0x2A) {
                        throw new RejectedImageException("the WebP file is damaged (bad lossy header)");
                    }
                    yield new PixelSize(b.getShort(26) & 0x3FFF, b.getShort(28) & 0x3FFF);
                }
                default -> throw new RejectedImageException("the WebP file is damaged (unknown image chunk)");
            };
            return nonEmpty(size, "WebP");
        }
    }

    /** Reads ImageWidth and ImageLength from the first IFD, which holds the main image in camera TIFFs. */
    static PixelSize tiff(Path file) throws IOException, RejectedImageException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer head = require(FileBytes.read(channel, 0, 8), "TIFF");
            ByteOrder order = head.get(0) == 'I' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
            head.order(order);
            long ifd = Integer.toUnsignedLong(head.getInt(4));
            ByteBuffer count = require(FileBytes.read(channel, ifd, 2, order), "TIFF");
            int entries = count.getShort(0) & 0xFFFF;
            if (entries > TIFF_MAX_ENTRIES) {
                throw new RejectedImageException("the TIFF file is damaged (implausible directory)");
            }
            ByteBuffer table = require(FileBytes.read(channel, ifd + 2, entries * 12, order), "TIFF");
            long width = 0;
            long height = 0;
            for (int i = 0; i < entries; i++) {
                int at = i * 12;
                int tag = table.getShort(at) & 0xFFFF;
                int type = table.getShort(at + 2) & 0xFFFF;
                long value = type == 3 ? table.getShort(at + 8) & 0xFFFF : Integer.toUnsignedLong(table.getInt(at + 8));
                if (tag == TIFF_IMAGE_WIDTH) {
                    width = value;
                } else if (tag == TIFF_IMAGE_LENGTH) {
                    height = value;
                }
            }
            checkDirectoryChain(channel, ifd, entries, order);
            return nonEmpty(new PixelSize(width, height), "TIFF");
        }
    }

    /** Follows the chain of directories from the first by their "next" offsets, reading 6 bytes for each. */
    private static void checkDirectoryChain(FileChannel channel, long first, int firstEntries, ByteOrder order)
            throws IOException, RejectedImageException {
        java.util.Set<Long> seen = new java.util.HashSet<>();
        seen.add(first);
        long next = Integer.toUnsignedLong(require(FileBytes.read(channel, first + 2 + firstEntries * 12L, 4, order),
                "TIFF").getInt(0));
        while (next != 0) {
            if (seen.size() >= TIFF_MAX_DIRECTORIES) {
                throw new RejectedImageException("the TIFF file holds more than " + TIFF_MAX_DIRECTORIES
                        + " images (pages or thumbnails); Vitrine accepts TIFF files with at most "
                        + TIFF_MAX_DIRECTORIES);
            }
            if (!seen.add(next)) {
                throw new RejectedImageException("the TIFF file is damaged (its directories form a loop)");
            }
            ByteBuffer count = require(FileBytes.read(channel, next, 2, order), "TIFF");
            int entries = count.getShort(0) & 0xFFFF;
            next = Integer.toUnsignedLong(require(FileBytes.read(channel, next + 2 + entries * 12L, 4, order),
                    "TIFF").getInt(0));
        }
    }

    private static long u24(ByteBuffer b, int at) {
        return (b.get(at) & 0xFF) | ((b.get(at + 1) & 0xFF) << 8) | ((long) (b.get(at + 2) & 0xFF) << 16);
    }

    private static ByteBuffer require(ByteBuffer b, String format) throws RejectedImageException {
        if (b == null) {
            throw new RejectedImageException("the " + format + " file is cut off inside its header");
        }
        return b;
    }

    private static PixelSize nonEmpty(PixelSize size, String format) throws RejectedImageException {
        if (size.width() <= 0 || size.height() <= 0) {
            throw new RejectedImageException("the " + format + " file does not state its pixel size");
        }
        return size;
    }
}
