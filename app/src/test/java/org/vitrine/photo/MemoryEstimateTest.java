package org.vitrine.photo;

import org.junit.jupiter.api.Test;
import org.vitrine.media.ImageFormat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vitrine.photo.MemoryEstimate.MB;

/** MemoryEstimateTest pins the estimates to the measurements they come from (shared/FACTS.md). */
class MemoryEstimateTest {
    static final int LARGEST = 2048;

    @Test
    void the_pure_java_engine_needs_about_160_mb_for_a_48_megapixel_jpeg() {
        long bytes = MemoryEstimate.bytes("java", ImageFormat.JPEG, false, 8000, 6000, LARGEST);

        assertThat(bytes).isBetween(150 * MB, 200 * MB);
    }

    @Test
    void progressive_jpegs_and_pngs_cost_more_than_baseline_jpegs_of_the_same_size() {
        long baseline = MemoryEstimate.bytes("java", ImageFormat.JPEG, false, 6000, 4000, LARGEST);

        assertThat(MemoryEstimate.bytes("java", ImageFormat.JPEG, true, 6000, 4000, LARGEST)).isGreaterThan(baseline);
        assertThat(MemoryEstimate.bytes("java", ImageFormat.PNG, false, 6000, 4000, LARGEST)).isGreaterThan(baseline);
        assertThat(MemoryEstimate.bytes("vips", ImageFormat.JPEG, true, 6000, 4000, LARGEST))
                .isGreaterThan(MemoryEstimate.bytes("vips", ImageFormat.JPEG, false, 6000, 4000, LARGEST));
    }

    @Test
    void libvips_shrinks_jpegs_on_load_so_a_24_megapixel_jpeg_costs_well_under_the_pure_java_engine() {
        long vips = MemoryEstimate.bytes("vips", ImageFormat.JPEG, false, 6000, 4000, LARGEST);
        long java = MemoryEstimate.bytes("java", ImageFormat.JPEG, false, 6000, 4000, LARGEST);

        assertThat(MemoryEstimate.shrinkOnLoad(6000, LARGEST)).isEqualTo(2);
        assertThat(MemoryEstimate.shrinkOnLoad(1000, LARGEST)).isEqualTo(1);
        assertThat(MemoryEstimate.shrinkOnLoad(40_000, LARGEST)).isEqualTo(8);
        assertThat(vips).isBetween(40 * MB, 100 * MB).isLessThan(java * 2 / 3);
    }

    @Test
    void a_small_photo_costs_little_more_than_the_fixed_overhead() {
        assertThat(MemoryEstimate.bytes("java", ImageFormat.JPEG, false, 640, 480, LARGEST)).isLessThan(12 * MB);
    }

    @Test
    void the_header_tells_a_progressive_jpeg_from_a_baseline_one() throws IOException {
        assertThat(JpegHeader.isProgressive(new ByteArrayInputStream(jpeg(false)))).isFalse();
        assertThat(JpegHeader.isProgressive(new ByteArrayInputStream(jpeg(true)))).isTrue();
        assertThat(JpegHeader.isProgressive(new ByteArrayInputStream("not a jpeg".getBytes()))).isFalse();
        assertThat(JpegHeader.isProgressive(new ByteArrayInputStream(new byte[]{(byte) 0xFF, (byte) 0xD8})))
                .isFalse();
    }

    private static byte[] jpeg(boolean progressive) throws IOException {
        var image = new java.awt.image.BufferedImage(64, 48, java.awt.image.BufferedImage.TYPE_INT_RGB);
        var writer = javax.imageio.ImageIO.getImageWritersByFormatName("jpeg").next();
        var params = writer.getDefaultWriteParam();
        if (progressive) {
            params.setProgressiveMode(javax.imageio.ImageWriteParam.MODE_DEFAULT);
        }
        var out = new ByteArrayOutputStream();
        try (var stream = javax.imageio.ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.write(null, new javax.imageio.IIOImage(image, null, null), params);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }
}
