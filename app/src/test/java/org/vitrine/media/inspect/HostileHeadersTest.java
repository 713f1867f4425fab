package org.vitrine.media.inspect;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitrine.media.ImageFormat;
import org.vitrine.media.RejectedImageException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * HostileHeadersTest feeds the inspector generated files built to exhaust the web process: compressed text that
 * inflates to a gigabyte, directory chains of a hundred thousand links, sizes just over the limit. Each must be
 * answered from bounded reads, with a message a user understands.
 */
class HostileHeadersTest {
    private static final long MB = 1024 * 1024;

    private final ExifImageInspector inspector = new ExifImageInspector();

    @TempDir
    Path tmp;

    @Test
    void a_png_whose_text_inflates_to_a_gigabyte_is_inspected_without_inflating_it() throws Exception {
        Path bomb = tmp.resolve("text-bomb.png");
        try (OutputStream out = Files.newOutputStream(bomb)) {
            out.write(new byte[]{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
            out.write(chunk("IHDR", ByteBuffer.allocate(13).putInt(1).putInt(1).put((byte) 8).put((byte) 2)
                    .put(new byte[3]).array()));
            out.write(chunk("zTXt", compressedText("Comment", 1024 * MB)));
            out.write(chunk("iTXt", internationalText("Description", 64 * MB)));
            out.write(chunk("IDAT", deflate(new byte[]{0, 0, 0, 0}, 1)));
            out.write(chunk("IEND", new byte[0]));
        }
        assertThat(Files.size(bomb)).as("the crafted file is small").isLessThan(3 * MB);

        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        ImageInspector.Inspection inspection = inspector.inspect(bomb);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(inspection.format()).isEqualTo(ImageFormat.PNG);
        assertThat(inspection.metadata().width()).isEqualTo(1);
        assertThat(allocated).as("bytes allocated while inspecting").isLessThan(32 * MB);
    }

    @Test
    void a_tiff_chaining_a_hundred_thousand_directories_is_refused_with_a_clear_message() throws Exception {
        Path chain = tiffWithDirectories(tmp.resolve("ifd-chain.tif"), 100_000);
        assertThatThrownBy(() -> inspector.inspect(chain)).isInstanceOf(RejectedImageException.class)
                .hasMessage("the TIFF file holds more than 64 images (pages or thumbnails); Vitrine accepts TIFF "
                        + "files with at most 64");
    }

    @Test
    void a_tiff_whose_directories_loop_is_refused_as_damaged() throws Exception {
        Path looped = tiffWithDirectories(tmp.resolve("ifd-loop.tif"), 3);
        byte[] bytes = Files.readAllBytes(looped);
        // The last directory's "next" points back at the second one.
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(bytes.length - 4, secondDirectory());
        Files.write(looped, bytes);
        assertThatThrownBy(() -> inspector.inspect(looped)).isInstanceOf(RejectedImageException.class)
                .hasMessage("the TIFF file is damaged (its directories form a loop)");
    }

    @Test
    void a_tiff_with_a_few_pages_is_accepted() throws Exception {
        Path pages = tiffWithDirectories(tmp.resolve("pages.tif"), 64);
        assertThat(inspector.inspect(pages).format()).isEqualTo(ImageFormat.TIFF);
    }

    @Test
    void an_image_just_over_the_limit_shows_enough_decimals_to_differ_from_it() throws Exception {
        Path png = tmp.resolve("just-over.png");
        try (OutputStream out = Files.newOutputStream(png)) {
            out.write(new byte[]{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
            out.write(chunk("IHDR", ByteBuffer.allocate(13).putInt(10_001).putInt(10_000).put((byte) 8)
                    .put((byte) 2).put(new byte[3]).array()));
            out.write(chunk("IDAT", deflate(new byte[16], 1)));
            out.write(chunk("IEND", new byte[0]));
        }
        assertThatThrownBy(() -> inspector.inspect(png)).isInstanceOf(RejectedImageException.class)
                .hasMessage("too large: 10001 × 10000 pixels (100.01 megapixels); the limit is 100 megapixels");
    }

    @Test
    void megapixels_keep_the_old_short_form_when_it_already_differs() {
        assertThat(ExifImageInspector.megapixels(2_500_000_000L, 100_000_000L)).isEqualTo("2500");
        assertThat(ExifImageInspector.megapixels(100_000_000L, 100_000_000L)).isEqualTo("100");
        assertThat(ExifImageInspector.megapixels(2_500_000L, 2_500_000L)).isEqualTo("2.5");
        assertThat(ExifImageInspector.megapixels(100_000_001L, 100_000_000L)).isEqualTo("100.000001");
    }

    /** A 1×1 little-endian TIFF whose first directory states the size and links {@code count - 1} empty ones. */
    private static Path tiffWithDirectories(Path file, int count) throws IOException {
        int first = 8;
        int firstLength = 2 + 2 * 12 + 4;
        ByteBuffer b = ByteBuffer.allocate(first + firstLength + (count - 1) * 6).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(first);
        b.putShort((short) 2);
        b.putShort((short) 256).putShort((short) 3).putInt(1).putShort((short) 1).putShort((short) 0);
        b.putShort((short) 257).putShort((short) 3).putInt(1).putShort((short) 1).putShort((short) 0);
        int next = first + firstLength;
        b.putInt(count > 1 ? next : 0);
        for (int i = 1; i < count; i++) {
            next += 6;
            b.putShort((short) 0).putInt(i < count - 1 ? next : 0);
        }
        return Files.write(file, b.array());
    }

    private static int secondDirectory() {
        return 8 + 2 + 2 * 12 + 4;
    }

    /** A zTXt body: keyword, NUL, method 0, then zlib of {@code size} zero bytes (about 1000 : 1). */
    private static byte[] compressedText(String keyword, long size) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(keyword.getBytes(StandardCharsets.ISO_8859_1));
        body.write(new byte[]{0, 0});
        body.write(deflate(new byte[0], size));
        return body.toByteArray();
    }

    /** An iTXt body: keyword, NUL, compressed flag 1, method 0, empty language and translated keyword. */
    private static byte[] internationalText(String keyword, long size) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(keyword.getBytes(StandardCharsets.ISO_8859_1));
        body.write(new byte[]{0, 1, 0, 0, 0});
        body.write(deflate(new byte[0], size));
        return body.toByteArray();
    }

    /** zlib of {@code data} followed by {@code zeros} zero bytes. */
    private static byte[] deflate(byte[] data, long zeros) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (var zlib = new DeflaterOutputStream(out, new Deflater(Deflater.BEST_COMPRESSION), 64 * 1024)) {
            zlib.write(data);
            byte[] block = new byte[(int) Math.min(zeros, MB)];
            for (long left = zeros; left > 0; left -= block.length) {
                zlib.write(block, 0, (int) Math.min(block.length, left));
            }
        }
        return out.toByteArray();
    }

    private static byte[] chunk(String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        return ByteBuffer.allocate(12 + data.length).putInt(data.length).put(typeBytes).put(data)
                .putInt((int) crc.getValue()).array();
    }
}
