package org.vitrine.media;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.vitrine.testing.ManifestRow;
import org.vitrine.testing.TestPhotos;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JavaImageEngineTest {
    private static final List<Integer> LADDER = List.of(2048, 1024, 512, 256);

    private final ExifImageInspector inspector = new ExifImageInspector();
    private final JavaImageEngine engine = new JavaImageEngine();

    @TempDir
    Path tmp;

    @TestFactory
    Stream<DynamicTest> every_accepted_photo_renders_upright_jpegs_without_metadata_and_never_upscaled() {
        return TestPhotos.manifest().stream().filter(r -> r.accepted() && !r.isHeifFamily())
                .map(row -> DynamicTest.dynamicTest(row.file(), () -> checkLadder(row)));
    }

    private void checkLadder(ManifestRow row) throws Exception {
        Path original = TestPhotos.file(row.file());
        ImageInspector.Inspection inspection = inspector.inspect(original);
        Path out = Files.createTempDirectory(tmp, "ladder");
        List<ImageEngine.RenderedImage> rendered = engine.render(original, inspection.format(),
                inspection.metadata().orientation(), LADDER, out);

        int[] upright = row.displayedSize();
        int longEdge = Math.max(upright[0], upright[1]);
        long expectedCount = LADDER.stream().map(l -> Math.min(l, longEdge)).distinct().count();
        assertThat(rendered).hasSize((int) expectedCount);
        for (ImageEngine.RenderedImage r : rendered) {
            BufferedImage image = ImageIO.read(r.file().toFile());
            assertThat(image).as("decodes as an image: %s", r.file()).isNotNull();
            assertThat(new int[]{image.getWidth(), image.getHeight()}).containsExactly(r.width(), r.height());
            assertThat(r.width()).isLessThanOrEqualTo(upright[0]);
            assertThat(r.height()).isLessThanOrEqualTo(upright[1]);
            double scale = (double) Math.max(r.width(), r.height()) / longEdge;
            assertThat((double) r.width()).as("width in upright aspect").isCloseTo(upright[0] * scale,
                    org.assertj.core.api.Assertions.within(1.0));
            assertThat((double) r.height()).as("height in upright aspect").isCloseTo(upright[1] * scale,
                    org.assertj.core.api.Assertions.within(1.0));
            byte[] bytes = Files.readAllBytes(r.file());
            assertThat(bytes[0] & 0xFF).isEqualTo(0xFF);
            assertThat(bytes[1] & 0xFF).isEqualTo(0xD8);
            assertThat(JpegMarkers.headerMarkers(bytes)).as("no EXIF APP1 segment").doesNotContain(0xE1);
        }
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files.count()).as("only finished derivatives are left in the output folder")
                    .isEqualTo(rendered.size());
        }
    }

    @TestFactory
    Stream<DynamicTest> every_orientation_renders_the_same_picture_as_the_upright_original() {
        return Stream.of("Landscape", "Portrait").flatMap(kind -> Stream.of(0, 2, 3, 4, 5, 6, 7, 8)
                .map(n -> DynamicTest.dynamicTest(kind + "_" + n, () -> {
                    BufferedImage reference = render256("orientation/" + kind + "_1.jpg");
                    BufferedImage turned = render256("orientation/" + kind + "_" + n + ".jpg");
                    assertThat(new int[]{turned.getWidth(), turned.getHeight()})
                            .containsExactly(reference.getWidth(), reference.getHeight());
                    assertThat(Pixels.meanAbsoluteDifference(reference, turned)).isLessThan(10);
                })));
    }

    @Test
    void a_cmyk_jpeg_comes_out_in_the_colours_libvips_shows_not_inverted() throws Exception {
        // 4x3 box averages of `vips icc_transform --embedded --intent perceptual ... srgb` then `vips shrink`,
        // computed by hand. TwelveMonkeys converts with the profile's perceptual intent; libvips' default
        // relative intent comes out about 8 levels lighter. An inverted image would be off by 60 or more.
        int[][][] libvips = {
                {{113, 113, 111}, {124, 124, 121}, {103, 105, 103}, {121, 124, 123}},
                {{110, 121, 91}, {107, 120, 95}, {96, 100, 95}, {128, 135, 114}},
                {{119, 130, 100}, {119, 130, 117}, {127, 129, 128}, {185, 185, 185}}};
        assertThat(Pixels.maxGridDifference(render256("color/cmyk-ycck_canon-300d.jpg"), libvips)).isLessThan(6);
    }

    @Test
    void an_adobe_rgb_jpeg_is_converted_to_srgb_like_libvips_does() throws Exception {
        int[][][] libvips = {
                {{163, 11, 36}, {163, 37, 51}, {168, 54, 62}, {147, 11, 30}},
                {{165, 49, 61}, {142, 130, 128}, {160, 139, 136}, {172, 63, 64}},
                {{125, 37, 41}, {31, 83, 97}, {31, 89, 104}, {83, 52, 60}}};
        assertThat(Pixels.maxGridDifference(render256("color/adobe-rgb_canon-eos-7d.jpg"), libvips)).isLessThan(8);
    }

    @Test
    void transparent_pixels_are_laid_over_white_not_black() throws Exception {
        BufferedImage clear = new BufferedImage(40, 20, BufferedImage.TYPE_INT_ARGB); // all alpha 0
        Path png = tmp.resolve("clear.png");
        ImageIO.write(clear, "png", png.toFile());
        List<ImageEngine.RenderedImage> out = engine.render(png, ImageFormat.PNG, 1, List.of(256), tmp.resolve("o"));
        BufferedImage result = ImageIO.read(out.getFirst().file().toFile());
        assertThat(result.getRGB(10, 10) & 0xFFFFFF).isGreaterThanOrEqualTo(0xF0F0F0);
        assertThat(Pixels.mean(result)[0]).isGreaterThan(250);
    }

    @Test
    void sizes_at_or_above_the_long_edge_collapse_into_one_derivative_at_native_size() throws Exception {
        List<ImageEngine.RenderedImage> out = engine.render(TestPhotos.file("size/tiny-16x16.jpg"), ImageFormat.JPEG, 1,
                LADDER, tmp.resolve("tiny"));
        assertThat(out).singleElement().satisfies(r -> {
            assertThat(r.width()).isEqualTo(16);
            assertThat(r.height()).isEqualTo(16);
        });
    }

    @Test
    void heic_is_refused_with_a_message_saying_libvips_is_needed() {
        assertThat(engine.canDecode(ImageFormat.HEIC)).isFalse();
        assertThat(engine.canDecode(ImageFormat.AVIF)).isFalse();
        assertThatThrownBy(() -> engine.render(TestPhotos.file("format/heic_iphone-11-pro-max.heic"), ImageFormat.HEIC,
                1, LADDER, tmp)).isInstanceOf(UnsupportedImageException.class).hasMessageContaining("libvips42");
    }

    private BufferedImage render256(String file) throws Exception {
        Path original = TestPhotos.file(file);
        ImageInspector.Inspection inspection = inspector.inspect(original);
        Path out = Files.createTempDirectory(tmp, "r");
        List<ImageEngine.RenderedImage> rendered = engine.render(original, inspection.format(),
                inspection.metadata().orientation(), List.of(256), out);
        return read(rendered.getFirst().file());
    }

    private static BufferedImage read(Path file) throws IOException {
        return ImageIO.read(file.toFile());
    }
}
