package org.vitrine.media;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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
    ImageEngine engine() {
        return engine;
    }

    @Test
    void an_iphone_heic_with_irot_and_exif_orientation_is_turned_upright_exactly_once() throws Exception {
        List<ImageEngine.RenderedImage> rendered = renderLadder("format/heic_iphone-xs_irot-plus-exif6.heic",
                ImageFormat.HEIC);
        assertThat(rendered.getFirst()).satisfies(r -> {
            assertThat(r.width()).isEqualTo(1536);
            assertThat(r.height()).isEqualTo(2048);
        });
        // 4x4 box averages of this photo rendered upright (checked by eye: windows top right, table bottom left).
        // Turned a further 90° or 180°, or mirrored, the grid is off by 40 or more.
        int[][][] upright = {
                {{137, 119, 101}, {151, 151, 146}, {150, 155, 155}, {160, 162, 161}},
                {{157, 123, 86}, {126, 100, 71}, {146, 133, 112}, {162, 160, 154}},
                {{151, 99, 51}, {150, 106, 61}, {123, 90, 47}, {121, 99, 67}},
                {{125, 98, 63}, {198, 161, 122}, {143, 107, 70}, {146, 122, 98}}};
        assertThat(Pixels.maxGridDifference(render256("format/heic_iphone-xs_irot-plus-exif6.heic"), upright))
                .isLessThan(10);
    }

    @Test
    void an_avif_with_irot_renders_the_same_upright_picture_as_its_heic_original() throws Exception {
        assumeTrue(engine.canDecode(ImageFormat.AVIF), "libheif on this machine has no AV1 decoder");
        BufferedImage avif = render256("format/avif_iphone-xs_irot.avif");
        BufferedImage heic = render256("format/heic_iphone-xs_irot-plus-exif6.heic");
        assertThat(new int[]{avif.getWidth(), avif.getHeight()}).containsExactly(192, 256);
        assertThat(Pixels.meanAbsoluteDifference(avif, heic)).isLessThan(6);
    }

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
        int orientation = inspector.inspect(original).metadata().orientation();
        return engine.render(original, format, orientation, LADDER, Files.createTempDirectory(tmp, "ladder"));
    }
}
