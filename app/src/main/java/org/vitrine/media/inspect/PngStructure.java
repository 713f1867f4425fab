package org.vitrine.media.inspect;

import org.vitrine.media.PixelSize;
import org.vitrine.media.RejectedImageException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * PngStructure reads the IHDR size and walks the chunk list by length up to IEND, so a file that was cut
 * off is refused without inflating any image data.
 */
final class PngStructure {
    private static final int IHDR = 0x49484452;
    private static final int IDAT = 0x49444154;
    private static final int IEND = 0x49454E44;
    private static final int EXIF = 0x65584966; // eXIf
    /** The largest eXIf chunk passed on: EXIF in a JPEG is limited to 64 KiB; a camera's never comes near this. */
    static final int MAX_EXIF_BYTES = 1024 * 1024;
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final int SIGNATURE_LENGTH = 8;

    private PngStructure() {
    }

    /**
     * A PNG made of the file's header and EXIF chunks only, for the metadata library. It would otherwise read every
     * text and ICC chunk whole and inflate it without a limit: a 1 MB file can hold a gigabyte of zTXt text.
     * Only EXIF is used, and its eXIf chunk is never compressed. Call after {@link #check}.
     */
    static byte[] headerAndExif(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(SIGNATURE);
            long position = SIGNATURE_LENGTH;
            while (true) {
                ByteBuffer chunk = FileBytes.read(channel, position, 8);
                if (chunk == null) {
                    break;
                }
                long length = Integer.toUnsignedLong(chunk.getInt(0));
                int type = chunk.getInt(4);
                if (type == IEND) {
                    break;
                }
                if (type == IHDR || (type == EXIF && length <= MAX_EXIF_BYTES)) {
                    ByteBuffer whole = FileBytes.read(channel, position, (int) (12 + length));
                    if (whole == null) {
                        break;
                    }
                    out.write(whole.array());
                }
                position += 12 + length;
            }
            out.write(new byte[]{0, 0, 0, 0, 'I', 'E', 'N', 'D', (byte) 0xAE, 0x42, 0x60, (byte) 0x82});
            return out.toByteArray();
        }
    }

    static PixelSize check(Path file) throws IOException, RejectedImageException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long fileSize = channel.size();
            ByteBuffer header = FileBytes.read(channel, SIGNATURE_LENGTH, 8 + 13);
            if (header == null || header.getInt(4) != IHDR || header.getInt(0) != 13) {
                throw new RejectedImageException("the PNG file is damaged (no image header)");
            }
            PixelSize size = new PixelSize(Integer.toUnsignedLong(header.getInt(8)),
                    Integer.toUnsignedLong(header.getInt(12)));
            if (size.width() == 0 || size.height() == 0) {
                throw new RejectedImageException("the PNG file states an empty pixel size");
            }
            boolean seenData = false;
            long position = SIGNATURE_LENGTH;
            while (true) {
                ByteBuffer chunk = FileBytes.read(channel, position, 8);
                if (chunk == null) {
                    throw new RejectedImageException(JpegStructure.INCOMPLETE);
                }
                long length = Integer.toUnsignedLong(chunk.getInt(0));
                int type = chunk.getInt(4);
                if (type == IEND) {
                    if (!seenData) {
                        throw new RejectedImageException("the PNG file holds no image data");
                    }
                    return size;
                }
                seenData |= type == IDAT;
                position += 12 + length; // length, type, data, CRC
                if (position > fileSize) {
                    throw new RejectedImageException(JpegStructure.INCOMPLETE);
                }
            }
        }
    }
}
