package org.vitrine.media;

import org.vitrine.media.inspect.ExifImageInspector;
import org.vitrine.media.inspect.ImageInspector;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.vitrine.testing.ManifestRow;
import org.vitrine.testing.NeedsTestPhotos;
import org.vitrine.testing.TestPhotos;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * ImageEngineContract is what every {@link ImageEngine} must do, run once per engine by a subclass: the whole
 * ladder for every accepted test photo, orientation, colour, alpha, 16-bit input, sizes and atomic writes.
 */
public abstract class ImageEngineContract {
    protected static final List<Integer> LADDER = List.of(2048, 1024, 512, 256);

    protected final ExifImageInspector inspector = new ExifImageInspector();

    @TempDir
    protected Path tmp;

    /** The engine under test; called once per test. */
    protected abstract ImageEngine engine();

    /** How far the CMYK test photo may come out from the perceptual-intent reference grid, in 8-bit levels. */
    protected double cmykTolerance() {
        return 6;
    }

    @NeedsTestPhotos
    @TestFactory
    Stream<DynamicTest> every_accepted_photo_renders_upright_jpegs_without_metadata_and_never_upscaled() {
        ImageEngine engine = engine();
        return TestPhotos.manifest().stream()
                .filter(r -> r.accepted() && (!r.isHeifFamily() || engine.canDecode(heifFormat(r))))
                .map(row -> DynamicTest.dynamicTest(row.file(), () -> checkLadder(engine, row)));
    }

    private void checkLadder(ImageEngine engine, ManifestRow row) throws Exception {
        Path original = TestPhotos.file(row.file());
        ImageInspector.Inspection inspection = inspector.inspect(original);
        Path out = Files.createTempDirectory(tmp, "ladder");
        List<ImageEngine.RenderedImage> rendered = engine.render(original, inspection.format(),
                renderOrientation(inspection), LADDER, out);

        int[] upright = row.displayedSize();
        int longEdge = Math.max(upright[0], upright[1]);
        long expectedCount = LADDER.stream().map(l -> Math.min(l, longEdge)).distinct().count();
        assertThat(rendered).hasSize((int) expectedCount);
        for (ImageEngine.RenderedImage r : rendered) {
            BufferedImage image = ImageIO.read(r.file().toFile());
            assertThat(image).as("decodes as an image: %s", r.file()).isNotNull();
            assertThat(new int[]{image.getWidth(), image.getHeight()}).containsExactly(r.width(), r.height());
            assertThat(Math.max(r.width(), r.height())).as("long edge").isIn(LADDER.stream()
                    .map(l -> Math.min(l, longEdge)).toList());
            assertThat(r.width()).isLessThanOrEqualTo(upright[0]);
            assertThat(r.height()).isLessThanOrEqualTo(upright[1]);
            double scale = (double) Math.max(r.width(), r.height()) / longEdge;
            assertThat((double) r.width()).as("width in upright aspect").isCloseTo(upright[0] * scale, within(1.0));
            assertThat((double) r.height()).as("height in upright aspect").isCloseTo(upright[1] * scale, within(1.0));
            byte[] bytes = Files.readAllBytes(r.file());
            assertThat(bytes[0] & 0xFF).isEqualTo(0xFF);
            assertThat(bytes[1] & 0xFF).isEqualTo(0xD8);
            assertThat(JpegMarkers.headerMarkers(bytes)).as("no EXIF/XMP APP1 segment").doesNotContain(0xE1);
            assertThat(JpegMarkers.headerMarkers(bytes)).as("baseline, not progressive").doesNotContain(0xC2);
        }
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files.count()).as("only finished derivatives are left in the output folder")
                    .isEqualTo(rendered.size());
        }
    }

    @NeedsTestPhotos
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

    @NeedsTestPhotos
    @Test
    void a_webp_with_exif_orientation_6_is_turned_upright_once() throws Exception {
        BufferedImage image = render256("format/webp_iphone-x_exif-o6-gps.webp");
        assertThat(new int[]{image.getWidth(), image.getHeight()}).containsExactly(192, 256);
    }

    @NeedsTestPhotos
    @Test
    void a_cmyk_jpeg_comes_out_in_the_colours_libvips_shows_not_inverted() throws Exception {
        // 4x3 box averages of `vips icc_transform --embedded --intent perceptual ... srgb` then `vips shrink`,
        // computed by hand. TwelveMonkeys converts with the profile's perceptual intent; the relative intent
        // differs by up to 10 levels. An inverted image would be off by 60 or more.
        int[][][] libvips = {
                {{113, 113, 111}, {124, 124, 121}, {103, 105, 103}, {121, 124, 123}},
                {{110, 121, 91}, {107, 120, 95}, {96, 100, 95}, {128, 135, 114}},
                {{119, 130, 100}, {119, 130, 117}, {127, 129, 128}, {185, 185, 185}}};
        assertThat(Pixels.maxGridDifference(render256("color/cmyk-ycck_canon-300d.jpg"), libvips))
                .isLessThan(cmykTolerance());
    }

    @NeedsTestPhotos
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
        List<ImageEngine.RenderedImage> out = engine().render(png, ImageFormat.PNG, 1, List.of(256), tmp.resolve("o"));
        BufferedImage result = ImageIO.read(out.getFirst().file().toFile());
        assertThat(result.getRGB(10, 10) & 0xFFFFFF).isGreaterThanOrEqualTo(0xF0F0F0);
        assertThat(Pixels.mean(result)[0]).isGreaterThan(250);
    }

    @NeedsTestPhotos
    @Test
    void a_16_bit_photo_comes_out_in_its_own_colours_at_8_bits() throws Exception {
        BufferedImage rendered = renderNative("format/png-16bit_photo.png");
        BufferedImage reference = overWhite(ImageIO.read(TestPhotos.file("format/png-16bit_photo.png").toFile()));
        // JPEG at quality 85 alone differs by 1-3 levels; a 16-bit value clipped or byte-swapped is off by 50+.
        assertThat(Pixels.meanAbsoluteDifference(reference, rendered)).isLessThan(4);
    }

    @NeedsTestPhotos
    @Test
    void a_16_bit_png_with_alpha_is_laid_over_white_in_its_own_colours() throws Exception {
        BufferedImage rendered = renderNative("format/png-16bit-rgba.png");
        BufferedImage reference = overWhite(ImageIO.read(TestPhotos.file("format/png-16bit-rgba.png").toFile()));
        assertThat(Pixels.meanAbsoluteDifference(reference, rendered)).isLessThan(6);
    }

    @NeedsTestPhotos
    @Test
    void sizes_at_or_above_the_long_edge_collapse_into_one_derivative_at_native_size() throws Exception {
        List<ImageEngine.RenderedImage> out = engine().render(TestPhotos.file("size/tiny-16x16.jpg"), ImageFormat.JPEG,
                1, LADDER, tmp.resolve("tiny"));
        assertThat(out).singleElement().satisfies(r -> {
            assertThat(r.width()).isEqualTo(16);
            assertThat(r.height()).isEqualTo(16);
        });
    }

    @NeedsTestPhotos
    @Test
    void each_size_is_named_by_its_pixel_size_and_a_second_run_replaces_the_files() throws Exception {
        Path out = tmp.resolve("twice");
        Path original = TestPhotos.file("size/panorama-wide_acadia.jpg");
        engine().render(original, ImageFormat.JPEG, 1, LADDER, out);
        List<ImageEngine.RenderedImage> again = engine().render(original, ImageFormat.JPEG, 1, LADDER, out);
        assertThat(again).extracting(r -> r.file().getFileName().toString())
                .containsExactly("2048x310.jpg", "1024x155.jpg", "512x78.jpg", "256x39.jpg");
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files.count()).isEqualTo(4);
        }
    }

    @NeedsTestPhotos
    @Test
    void data_that_is_not_an_image_fails_and_leaves_no_file_behind() throws Exception {
        Path out = tmp.resolve("broken");
        assertThatThrownBy(() -> engine().render(TestPhotos.file("broken/not-an-image_zip.jpg"), ImageFormat.JPEG, 1,
                LADDER, out)).isInstanceOf(IOException.class);
        if (Files.exists(out)) {
            try (Stream<Path> files = Files.list(out)) {
                assertThat(files.toList()).isEmpty();
            }
        }
    }

    protected BufferedImage render256(String file) throws Exception {
        return render(file, 256);
    }

    private BufferedImage renderNative(String file) throws Exception {
        return render(file, 100_000);
    }

    private BufferedImage render(String file, int longEdge) throws Exception {
        Path original = TestPhotos.file(file);
        ImageInspector.Inspection inspection = inspector.inspect(original);
        Path out = Files.createTempDirectory(tmp, "r");
        List<ImageEngine.RenderedImage> rendered = engine().render(original, inspection.format(),
                renderOrientation(inspection), List.of(longEdge), out);
        return ImageIO.read(rendered.getFirst().file().toFile());
    }

    private static BufferedImage overWhite(BufferedImage image) {
        BufferedImage flat = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = flat.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.drawImage(image, 0, 0, null);
        g.dispose();
        return flat;
    }

    static ImageFormat heifFormat(ManifestRow row) {
        return row.file().toLowerCase().endsWith(".avif") ? ImageFormat.AVIF : ImageFormat.HEIC;
    }

    /** What the app passes: the camera's orientation, except where the decoder applies the container's own. */
    protected static int renderOrientation(ImageInspector.Inspection inspection) {
        return inspection.format().decoderAppliesOrientation() ? 1 : inspection.metadata().orientation();
    }
}
