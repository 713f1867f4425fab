package org.vitrine.photo;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * JpegHeader reads a JPEG's markers up to its frame header, to tell a progressive file (which decoders must
 * buffer whole) from a baseline one without decoding anything.
 */
final class JpegHeader {
    private JpegHeader() {
    }

    /** Whether the JPEG's frame is progressive (SOF2, SOF6, SOF10, SOF14); false when unreadable. */
    static boolean isProgressive(InputStream stream) throws IOException {
        var in = new DataInputStream(stream);
        try {
            if (in.readUnsignedShort() != 0xFFD8) {
                return false;
            }
            // A camera JPEG's EXIF and thumbnails come first: at most a few segments of up to 64 KB each.
            for (int segments = 0; segments < 64; segments++) {
                int marker = in.readUnsignedByte();
                if (marker != 0xFF) {
                    return false;
                }
                int type = in.readUnsignedByte();
                while (type == 0xFF) { // fill bytes
                    type = in.readUnsignedByte();
                }
                if (type >= 0xC0 && type <= 0xCF && type != 0xC4 && type != 0xC8 && type != 0xCC) {
                    return type == 0xC2 || type == 0xC6 || type == 0xCA || type == 0xCE;
                }
                int length = in.readUnsignedShort();
                in.skipNBytes(length - 2);
            }
            return false;
        } catch (EOFException e) {
            return false;
        }
    }
}
