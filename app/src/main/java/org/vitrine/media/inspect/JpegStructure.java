package org.vitrine.media.inspect;

import org.vitrine.media.PixelSize;
import org.vitrine.media.RejectedImageException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * JpegStructure walks a JPEG's markers to read the frame size and to prove the file is complete: segments are
 * skipped by their length (so a thumbnail nested in EXIF, with its own EOI, is never mistaken for the end),
 * and the entropy-coded data after each SOS is scanned for the EOI marker. Bytes after EOI are ignored.
 */
public final class JpegStructure {
    static final String INCOMPLETE = "the image data is incomplete (the file was cut off)";

    private final Scanner in;
    private PixelSize size;
    private int scans;
    /** A marker that ended a scan, already consumed by the entropy scan. */
    private int pendingMarker = -1;

    private JpegStructure(InputStream stream) {
        this.in = new Scanner(stream);
    }

    /** Returns the SOF frame size after checking that the scan data reaches an EOI marker. */
    static PixelSize check(Path file) throws IOException, RejectedImageException {
        try (InputStream stream = Files.newInputStream(file)) {
            return new JpegStructure(stream).walk();
        } catch (EOFException e) {
            throw new RejectedImageException(INCOMPLETE);
        }
    }

    /**
     * Counts the scans (SOS markers) of a complete JPEG: the JDK's decoder delivers the whole image once per
     * scan when there are several (progressive or non-interleaved). Returns 0 when the file cannot be walked.
     */
    public static int scanCount(Path file) {
        try (InputStream stream = Files.newInputStream(file)) {
            JpegStructure structure = new JpegStructure(stream);
            structure.walk();
            return structure.scans;
        } catch (IOException | RejectedImageException e) {
            return 0;
        }
    }

    private PixelSize walk() throws IOException, RejectedImageException {
        if (in.read() != 0xFF || in.read() != 0xD8) {
            throw new RejectedImageException("not a valid JPEG file");
        }
        boolean seenScan = false;
        while (true) {
            int marker = nextMarker();
            if (marker == 0xD9) {
                if (!seenScan) {
                    throw new RejectedImageException("the JPEG file holds no image data");
                }
                return size;
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                continue; // standalone markers carry no length
            }
            int length = in.readU16();
            if (length < 2) {
                throw new RejectedImageException("the JPEG file is damaged (bad segment length)");
            }
            if (isStartOfFrame(marker)) {
                readFrame(length);
            } else if (marker == 0xDA) {
                if (size == null) {
                    throw new RejectedImageException("the JPEG file is damaged (image data before its header)");
                }
                in.skip(length - 2);
                seenScan = true;
                scans++;
                skipEntropyCodedData();
            } else {
                in.skip(length - 2);
            }
        }
    }

    private void readFrame(int length) throws IOException, RejectedImageException {
        if (length < 8) {
            throw new RejectedImageException("the JPEG file is damaged (short frame header)");
        }
        in.read(); // sample precision
        int height = in.readU16();
        int width = in.readU16();
        in.skip(length - 7);
        if (width == 0 || height == 0) {
            // A zero height means the size comes later in a DNL marker: legal, but practically unused.
            throw new RejectedImageException("the JPEG file does not state its pixel size");
        }
        if (size == null) {
            size = new PixelSize(width, height);
        }
    }

    /** Reads up to the next marker that is not a restart or stuffed byte, leaving it pending for {@link #walk}. */
    private void skipEntropyCodedData() throws IOException {
        while (true) {
            in.skipToFF();
            int next = in.read();
            while (next == 0xFF) {
                next = in.read(); // fill bytes
            }
            if (next == 0x00 || (next >= 0xD0 && next <= 0xD7)) {
                continue;
            }
            pendingMarker = next;
            return;
        }
    }

    private int nextMarker() throws IOException, RejectedImageException {
        if (pendingMarker >= 0) {
            int marker = pendingMarker;
            pendingMarker = -1;
            return marker;
        }
        int b = in.read();
        if (b != 0xFF) {
            throw new RejectedImageException("the JPEG file is damaged (marker expected)");
        }
        while (b == 0xFF) {
            b = in.read();
        }
        return b;
    }

    private static boolean isStartOfFrame(int marker) {
        return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    }

    /** A minimal buffered byte reader: the entropy scan touches every byte, so it avoids per-byte locking. */
    private static final class Scanner {
        private final InputStream stream;
        private final byte[] buffer = new byte[64 * 1024];
        private int pos;
        private int limit;

        Scanner(InputStream stream) {
            this.stream = stream;
        }

        int read() throws IOException {
            if (pos == limit && !fill()) {
                throw new EOFException();
            }
            return buffer[pos++] & 0xFF;
        }

        int readU16() throws IOException {
            return (read() << 8) | read();
        }

        /** Consumes bytes up to and including the next 0xFF. */
        void skipToFF() throws IOException {
            while (true) {
                for (int i = pos; i < limit; i++) {
                    if (buffer[i] == (byte) 0xFF) {
                        pos = i + 1;
                        return;
                    }
                }
                pos = limit;
                if (!fill()) {
                    throw new EOFException();
                }
            }
        }

        void skip(long n) throws IOException {
            int buffered = (int) Math.min(n, limit - pos);
            pos += buffered;
            n -= buffered;
            if (n > 0) {
                stream.skipNBytes(n); // throws EOFException past the end
            }
        }

        private boolean fill() throws IOException {
            int n = stream.read(buffer, 0, buffer.length);
            if (n <= 0) {
                return false;
            }
            pos = 0;
            limit = n;
            return true;
        }
    }
}
