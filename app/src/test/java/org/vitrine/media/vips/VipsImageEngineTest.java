package org.vitrine.media.vips;

import org.vitrine.media.ImageEngine;
import org.vitrine.media.ImageEngineContract;
import org.vitrine.media.ImageFormat;
import org.vitrine.media.Pixels;
import org.vitrine.media.UnsupportedImageException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vitrine.testing.NeedsTestPhotos;
import org.vitrine.testing.TestPhotos;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Runs the engine contract on libvips; without libvips it skips by hand and fails in CI (CI=true). */
class VipsImageEngineTest extends ImageEngineContract {
    private static VipsImageEngine engine;

    @BeforeAll
    static void loadLibvips() {
        Optional<VipsImageEngine> loaded = VipsImageEngine.load();
        if (loaded.isEmpty()) {
            String why = "libvips cannot be loaded (" + VipsImageEngine.unavailableReason()
                    + "): install the Debian package libvips42";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException(why);
            }
            assumeTrue(false, why + "; skipping the libvips engine tests");
        }
        engine = loaded.get();
    }

    @Override
    protected ImageEngine engine() {
        return engine;
    }

    /**
     * libvips 8.14's thumbnail converts CMYK itself with the profile's relative intent and ignores "intent"
     * (checked with `vips thumbnail --intent perceptual`): 9.7 levels from the perceptual reference at worst.
     */
    @Override
    protected double cmykTolerance() {
        return 11;
    }

    @NeedsTestPhotos
    @Test
    void an_iphone_heic_with_irot_and_exif_orientation_is_turned_upright_exactly_once() throws Exception {
        List<ImageEngine.RenderedImage> rendered = renderLadder("format/heic_iphone-xs_irot-plus-exif6.heic",
                ImageFormat.HEIC);
        assertThat(rendered.getFirst()).satisfies(r -> {
            assertThat(r.width()).isEqualTo(1536);
            assertThat(r.height()).isEqualTo(2048);
        });
        // 4x4 box averages of `vips thumbnail ... 256`, `vips icc_transform --embedded --intent perceptual ... srgb`
        // and `vips shrink ... 48 64`, checked upright by eye (windows top right, table bottom left). Turned
        // 180° the grid is off by 115, mirrored by 76; a further 90° fails the size check above.
        int[][][] upright = {
                {{141, 119, 99}, {151, 151, 144}, {149, 157, 157}, {160, 163, 162}},
                {{162, 120, 78}, {131, 99, 65}, {148, 133, 108}, {162, 160, 154}},
                {{161, 95, 39}, {157, 103, 50}, {129, 88, 36}, {125, 99, 61}},
                {{132, 97, 58}, {204, 159, 115}, {148, 104, 62}, {149, 121, 94}}};
        assertThat(Pixels.maxGridDifference(render256("format/heic_iphone-xs_irot-plus-exif6.heic"), upright))
                .isLessThan(10);
    }

    @NeedsTestPhotos
    @Test
    void an_avif_with_irot_renders_the_same_upright_picture_as_its_heic_original() throws Exception {
        assumeTrue(engine.canDecode(ImageFormat.AVIF), "libheif on this machine has no AV1 decoder");
        BufferedImage avif = render256("format/avif_iphone-xs_irot.avif");
        BufferedImage heic = render256("format/heic_iphone-xs_irot-plus-exif6.heic");
        assertThat(new int[]{avif.getWidth(), avif.getHeight()}).containsExactly(192, 256);
        // The AVIF is a lossy transcode of the HEIC: about 6.3 levels apart upright, 62 when mirrored, 66 at 180°.
        assertThat(Pixels.meanAbsoluteDifference(avif, heic)).isLessThan(10);
    }

    @NeedsTestPhotos
    @Test
    void can_decode_avif_says_what_rendering_an_avif_actually_does() throws Exception {
        Path out = Files.createTempDirectory(tmp, "avif");
        if (engine.canDecode(ImageFormat.AVIF)) {
            assertThat(renderLadder("format/avif_iphone-xs_irot.avif", ImageFormat.AVIF)).isNotEmpty();
        } else {
            assertThatThrownBy(() -> engine.render(TestPhotos.file("format/avif_iphone-xs_irot.avif"),
                    ImageFormat.AVIF, 1, LADDER, out)).isInstanceOf(UnsupportedImageException.class);
        }
        assertThat(engine.canDecode(ImageFormat.HEIC)).isTrue();
        assertThat(engine.canDecode(ImageFormat.JPEG)).isTrue();
    }

    private List<ImageEngine.RenderedImage> renderLadder(String file, ImageFormat format) throws Exception {
        Path original = TestPhotos.file(file);
        int orientation = ImageEngineContract.renderOrientation(inspector.inspect(original));
        return engine.render(original, format, orientation, LADDER, Files.createTempDirectory(tmp, "ladder"));
    }
}
