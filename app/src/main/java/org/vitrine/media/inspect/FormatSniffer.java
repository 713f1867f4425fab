package org.vitrine.media.inspect;

import org.vitrine.media.ImageFormat;
import org.vitrine.media.RejectedImageException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** FormatSniffer recognises an image type from its first bytes and names common non-images in plain words. */
final class FormatSniffer {
    /** Enough for every signature below, including an ftyp box with a few compatible brands. */
    static final int HEAD_LENGTH = 64;

    private FormatSniffer() {
    }

    static ImageFormat sniff(byte[] head, int length) throws RejectedImageException {
        if (length >= 3 && u8(head, 0) == 0xFF && u8(head, 1) == 0xD8 && u8(head, 2) == 0xFF) {
            return ImageFormat.JPEG;
        }
        if (startsWith(head, length, 0, new byte[]{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'})) {
            return ImageFormat.PNG;
        }
        if (startsWith(head, length, 0, ascii("GIF87a")) || startsWith(head, length, 0, ascii("GIF89a"))) {
            return ImageFormat.GIF;
        }
        if (startsWith(head, length, 0, ascii("RIFF")) && startsWith(head, length, 8, ascii("WEBP"))) {
            return ImageFormat.WEBP;
        }
        if (startsWith(head, length, 0, new byte[]{'I', 'I', 42, 0})
                || startsWith(head, length, 0, new byte[]{'M', 'M', 0, 42})) {
            return ImageFormat.TIFF;
        }
        if (length >= 12 && startsWith(head, length, 4, ascii("ftyp"))) {
            return isoBrand(head, length);
        }
        throw new RejectedImageException(describeNonImage(head, length));
    }

    /** HEIF and AVIF share the ISO box format; the brands in the ftyp box tell them (and videos) apart. */
    private static ImageFormat isoBrand(byte[] head, int length) throws RejectedImageException {
        long boxSize = ((long) u8(head, 0) << 24) | (u8(head, 1) << 16) | (u8(head, 2) << 8) | u8(head, 3);
        int end = (int) Math.min(Math.min(boxSize, length), HEAD_LENGTH);
        String major = brandAt(head, 8);
        boolean avif = major.equals("avif") || major.equals("avis");
        boolean heic = major.equals("heic") || major.equals("heix") || major.equals("mif1") || major.equals("msf1");
        // Compatible brands start after the major brand and minor version; an AVIF may carry major brand mif1.
        for (int i = 16; i + 4 <= end; i += 4) {
            String brand = brandAt(head, i);
            avif |= brand.equals("avif") || brand.equals("avis");
            heic |= brand.equals("heic") || brand.equals("heix");
        }
        if (avif && !major.equals("heic") && !major.equals("heix")) {
            return ImageFormat.AVIF;
        }
        if (heic) {
            return ImageFormat.HEIC;
        }
        throw new RejectedImageException("not an image: this looks like a video or other media file (brand '"
                + major.strip() + "'); Vitrine accepts JPEG, PNG, GIF, WebP, TIFF, HEIC or AVIF");
    }

    private static String describeNonImage(byte[] head, int length) {
        if (startsWith(head, length, 0, new byte[]{'P', 'K', 3, 4})
                || startsWith(head, length, 0, new byte[]{'P', 'K', 5, 6})) {
            return "not an image: this looks like a ZIP archive";
        }
        if (startsWith(head, length, 0, ascii("%PDF"))) {
            return "not an image: this looks like a PDF document";
        }
        String text = new String(head, 0, length, StandardCharsets.ISO_8859_1).stripLeading()
                .replace("\uFEFF", "").toLowerCase(Locale.ROOT);
        if (text.startsWith("<!doctype html") || text.startsWith("<html") || text.startsWith("<head")
                || text.startsWith("<body") || text.startsWith("<script")) {
            return "not an image: this looks like an HTML page";
        }
        if (text.startsWith("<svg") || (text.startsWith("<?xml") && text.contains("<svg"))) {
            return "not an image Vitrine accepts: SVG drawings are not supported";
        }
        return "not a recognised image format (JPEG, PNG, GIF, WebP, TIFF, HEIC or AVIF)";
    }

    private static String brandAt(byte[] head, int offset) {
        return new String(head, offset, 4, StandardCharsets.ISO_8859_1);
    }

    private static boolean startsWith(byte[] head, int length, int offset, byte[] prefix) {
        if (offset + prefix.length > length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (head[offset + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static int u8(byte[] b, int i) {
        return b[i] & 0xFF;
    }
}
