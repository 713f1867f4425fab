package org.vitrine.testing;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * GeneratedPhotos writes the files tests upload, without shipping them and without the shared test photos: JPEGs
 * (each seed gives different content, hence a different photo to Vitrine), sideways ones with an EXIF orientation,
 * large or incompressible ones, and files that only pretend to be photos.
 */
public final class GeneratedPhotos {
    private GeneratedPhotos() {
    }

    /** A colourful JPEG of random blocks; the seed makes it unique. */
    public static Path jpeg(Path file, int width, int height, long seed) {
        var random = new Random(seed);
        var image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        var g = image.createGraphics();
        for (int i = 0; i < 200; i++) {
            g.setColor(new Color(random.nextInt(0xFFFFFF)));
            g.fillRect(random.nextInt(width), random.nextInt(height), 1 + random.nextInt(width / 3),
                    1 + random.nextInt(height / 3));
        }
        g.dispose();
        return write(image, file);
    }

    /** The same, in a new temporary file that is deleted when the JVM exits. */
    public static Path jpeg(int width, int height, long seed) {
        try {
            Path file = Files.createTempFile("vitrine-generated-", ".jpg");
            file.toFile().deleteOnExit();
            return jpeg(file, width, height, seed);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A JPEG stored {@code storedWidth} x {@code storedHeight} whose EXIF orientation tells viewers to turn it,
     * as cameras write photos taken sideways: orientation 6 means "turn a quarter clockwise to display".
     */
    public static Path exifOriented(Path file, int storedWidth, int storedHeight, long seed, int orientation) {
        jpeg(file, storedWidth, storedHeight, seed);
        return withExif(file, exifOrientationSegment(orientation));
    }

    /** A JPEG with the GPS position a camera or phone writes (degrees, minutes and seconds, N/S and E/W). */
    public static Path located(Path file, int width, int height, long seed, double lat, double lon) {
        jpeg(file, width, height, seed);
        var gps = java.nio.ByteBuffer.allocate(128);                // big-endian, as "MM" says
        gps.put(new byte[] {'M', 'M', 0, 42}).putInt(8);            // header; IFD0 at offset 8
        gps.putShort((short) 1).putShort((short) 0x8825).putShort((short) 4).putInt(1).putInt(26).putInt(0);
        gps.putShort((short) 4);                                    // the GPS IFD, at 26: four entries
        gps.putShort((short) 1).putShort((short) 2).putInt(2).put(new byte[] {(byte) (lat >= 0 ? 'N' : 'S'), 0, 0, 0});
        gps.putShort((short) 2).putShort((short) 5).putInt(3).putInt(80);
        gps.putShort((short) 3).putShort((short) 2).putInt(2).put(new byte[] {(byte) (lon >= 0 ? 'E' : 'W'), 0, 0, 0});
        gps.putShort((short) 4).putShort((short) 5).putInt(3).putInt(104);
        gps.putInt(0);                                              // no next IFD
        for (double degrees : new double[] {Math.abs(lat), Math.abs(lon)}) {
            int whole = (int) degrees;
            int minutes = (int) ((degrees - whole) * 60);
            long milliSeconds = Math.round(((degrees - whole) * 60 - minutes) * 60_000);
            gps.putInt(whole).putInt(1).putInt(minutes).putInt(1).putInt((int) milliSeconds).putInt(1000);
        }
        return withExif(file, app1(gps.array()));
    }

    private static Path withExif(Path file, byte[] segment) {
        try {
            byte[] jpeg = Files.readAllBytes(file);
            // Right after SOI and the writer's JFIF APP0 segment, as cameras place their APP1 "Exif".
            int at = 2;
            if ((jpeg[2] & 0xFF) == 0xFF && (jpeg[3] & 0xFF) == 0xE0) {
                at = 4 + (((jpeg[4] & 0xFF) << 8) | (jpeg[5] & 0xFF));
            }
            var out = new ByteArrayOutputStream(jpeg.length + 64);
            out.write(jpeg, 0, at);
            out.write(segment);
            out.write(jpeg, at, jpeg.length - at);
            Files.write(file, out.toByteArray());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JPEG of random pixels: it hardly compresses, so it is large on disk for its pixel count. */
    public static Path noise(Path file, int width, int height, long seed) {
        var random = new Random(seed);
        var image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt(0xFFFFFF));
            }
        }
        return write(image, file);
    }

    /** A large flat grey JPEG: tiny on disk, but tens of megapixels to decode. */
    public static Path largeGrey(Path file, int width, int height) {
        var image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        var g = image.createGraphics();
        g.setColor(Color.GRAY);
        g.fillRect(0, 0, width, height);
        g.dispose();
        return write(image, file);
    }

    /** A real ZIP archive, whatever the file is named (e.g. {@code something.jpg}). */
    public static Path zipArchive(Path file) {
        try (var zip = new ZipOutputStream(Files.newOutputStream(file))) {
            zip.putNextEntry(new ZipEntry("notes.txt"));
            zip.write("not a photo".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An HTML page with a script, whatever the file is named: what an attacker would try to have served. */
    public static Path htmlPage(Path file) {
        try {
            return Files.writeString(file, "<!DOCTYPE html><html><body><script>alert(document.cookie)</script>"
                    + "</body></html>\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** APP1 "Exif" with a big-endian TIFF header and one IFD0 entry: Orientation (0x0112), SHORT, 1 value. */
    private static byte[] exifOrientationSegment(int orientation) {
        byte[] tiff = {
                'M', 'M', 0, 42, 0, 0, 0, 8,                     // header; IFD0 at offset 8
                0, 1,                                            // one entry
                0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte) orientation, 0, 0,
                0, 0, 0, 0};                                     // no next IFD
        return app1(tiff);
    }

    private static byte[] app1(byte[] tiff) {
        byte[] exif = {'E', 'x', 'i', 'f', 0, 0};
        int length = 2 + exif.length + tiff.length;
        var segment = new ByteArrayOutputStream();
        segment.write(0xFF);
        segment.write(0xE1);
        segment.write(length >> 8);
        segment.write(length & 0xFF);
        segment.writeBytes(exif);
        segment.writeBytes(tiff);
        return segment.toByteArray();
    }

    private static Path write(BufferedImage image, Path file) {
        try {
            if (!ImageIO.write(image, "jpg", file.toFile())) {
                throw new IllegalStateException("no JPEG writer");
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
