package org.vitrine.media.purejava;

import org.vitrine.media.ImageEngine;
import org.vitrine.media.ImageFormat;
import org.vitrine.media.PixelLimit;
import org.vitrine.media.Pixels;
import org.vitrine.media.inspect.ExifImageInspector;
import org.vitrine.media.inspect.ImageInspector;
import org.vitrine.media.inspect.JpegStructure;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.vitrine.testing.ManifestRow;
import org.vitrine.testing.NeedsTestPhotos;
import org.vitrine.testing.TestPhotos;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class StreamingJpegReducerTest {
    private static final List<Integer> LADDER = List.of(2048, 1024, 512, 256);
    /** Most test photos are under 2048 pixels: this ladder makes the streamed first level a real reduction. */
    private static final List<Integer> SMALL_LADDER = List.of(300, 100);

    private final ExifImageInspector inspector = new ExifImageInspector();
    private final JavaImageEngine streaming = new JavaImageEngine(PixelLimit.DEFAULT_MAX_PIXELS, true);
    private final JavaImageEngine wholeDecode = new JavaImageEngine(PixelLimit.DEFAULT_MAX_PIXELS, false);

    @TempDir
    Path tmp;

    @NeedsTestPhotos
    @TestFactory
    Stream<DynamicTest> every_accepted_jpeg_streams_into_the_same_ladder_as_a_whole_decode() {
        return TestPhotos.manifest().stream().filter(ManifestRow::accepted)
                .filter(row -> isJpeg(TestPhotos.file(row.file())))
                .map(row -> DynamicTest.dynamicTest(row.file(), () -> compareLadders(TestPhotos.file(row.file()),
                        !row.file().contains("cmyk"))));
    }

    @Test
    void a_progressive_jpeg_is_reduced_from_its_last_scan_only_and_matches_a_whole_decode() throws Exception {
        Path progressive = tmp.resolve("progressive.jpg");
        GeneratedPhoto.writeJpeg(noisyGradient(1500, 1000), progressive, true);
        assertThat(JpegStructure.scanCount(progressive)).as("the JDK writer's progressive script").isGreaterThan(1);
        compareLadders(progressive, true);
    }

    @Test
    void reducing_every_pass_of_a_progressive_jpeg_gives_the_same_pixels_as_reducing_only_the_last()
            throws Exception {
        Path progressive = tmp.resolve("progressive.jpg");
        GeneratedPhoto.writeJpeg(noisyGradient(900, 600), progressive, true);
        int[] lastOnly = StreamingJpegReducer.reduce(progressive, Long.MAX_VALUE, size -> new int[]{300, 200})
                .pixels();
        // A scan count of 0 (unknown) makes every pass reduced, each restarting from row 0.
        AreaAverageReducer everyPass = new AreaAverageReducer(900, 600, 300, 200);
        ReducingRaster raster = new ReducingRaster(900, 600, everyPass, 0);
        try (var in = ImageIO.createImageInputStream(progressive.toFile())) {
            var reader = StreamingJpegReducer.jdkReader(in);
            reader.setInput(in);
            var param = reader.getDefaultReadParam();
            param.setDestination(new BufferedImage(new java.awt.image.ComponentColorModel(
                    java.awt.color.ColorSpace.getInstance(java.awt.color.ColorSpace.CS_sRGB), false, false,
                    java.awt.Transparency.OPAQUE, java.awt.image.DataBuffer.TYPE_BYTE), raster, false, null));
            reader.read(0, param);
        }
        assertThat(raster.passes()).isEqualTo(JpegStructure.scanCount(progressive));
        assertThat(everyPass.pixels()).containsExactly(lastOnly);
    }

    @NeedsTestPhotos
    @Test
    void a_cmyk_jpeg_is_left_to_the_whole_decode() throws Exception {
        assertThat(StreamingJpegReducer.reduce(TestPhotos.file("color/cmyk-ycck_canon-300d.jpg"), Long.MAX_VALUE,
                size -> new int[]{10, 10})).isNull();
    }

    private void compareLadders(Path original, boolean expectStreamed) throws Exception {
        if (expectStreamed) {
            assertThat(StreamingJpegReducer.reduce(original, Long.MAX_VALUE, size -> new int[]{1, 1}))
                    .as("streams").isNotNull();
        }
        compareLadders(original, LADDER);
        compareLadders(original, SMALL_LADDER);
    }

    private void compareLadders(Path original, List<Integer> ladder) throws Exception {
        ImageInspector.Inspection inspection = inspector.inspect(original);
        int orientation = inspection.metadata().orientation();
        List<ImageEngine.RenderedImage> a = streaming.render(original, ImageFormat.JPEG, orientation, ladder,
                Files.createTempDirectory(tmp, "stream"));
        List<ImageEngine.RenderedImage> b = wholeDecode.render(original, ImageFormat.JPEG, orientation, ladder,
                Files.createTempDirectory(tmp, "whole"));
        assertThat(a).hasSameSizeAs(b);
        for (int i = 0; i < a.size(); i++) {
            assertThat(a.get(i).width()).isEqualTo(b.get(i).width());
            assertThat(a.get(i).height()).isEqualTo(b.get(i).height());
            BufferedImage x = ImageIO.read(a.get(i).file().toFile());
            BufferedImage y = ImageIO.read(b.get(i).file().toFile());
            double difference = Pixels.meanAbsoluteDifference(x, y);
            System.out.printf("streaming vs whole decode: %s %dx%d mean abs difference %.4f%n",
                    original.getFileName(), x.getWidth(), x.getHeight(), difference);
            // Equal where the first level is the native size; a profile converted after the reduction instead
            // of before it differs a little where colours leave the sRGB gamut (Adobe RGB: about 1 level).
            assertThat(difference).as("%s at %dx%d", original.getFileName(), x.getWidth(), x.getHeight())
                    .isLessThan(1.5);
        }
    }

    private static boolean isJpeg(Path file) {
        try {
            return new ExifImageInspector().inspect(file).format() == ImageFormat.JPEG;
        } catch (Exception e) {
            return false;
        }
    }

    static BufferedImage noisyGradient(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        SplittableRandom random = new SplittableRandom(7);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int r = Math.clamp(x * 255L / width + random.nextInt(-30, 31), 0, 255);
                int g = Math.clamp(y * 255L / height + random.nextInt(-30, 31), 0, 255);
                int b = Math.clamp(128 + random.nextInt(-60, 61), 0, 255);
                image.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return image;
    }
}
