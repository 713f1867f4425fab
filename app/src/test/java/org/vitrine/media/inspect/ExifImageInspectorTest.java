package org.vitrine.media.inspect;

import org.vitrine.media.ImageFormat;
import org.vitrine.media.RejectedImageException;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.vitrine.testing.ManifestRow;
import org.vitrine.testing.NeedsTestPhotos;
import org.vitrine.testing.TestPhotos;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ExifImageInspectorTest {
    private final ExifImageInspector inspector = new ExifImageInspector();

    @NeedsTestPhotos
    @TestFactory
    Stream<DynamicTest> every_rejected_manifest_photo_is_refused_with_a_reason() {
        return TestPhotos.manifest().stream().filter(ManifestRow::rejected).map(row -> DynamicTest.dynamicTest(row.file(),
                () -> assertThatThrownBy(() -> inspector.inspect(TestPhotos.file(row.file())))
                        .isInstanceOf(RejectedImageException.class)
                        .satisfies(e -> assertThat(e.getMessage()).isNotBlank())));
    }

    @NeedsTestPhotos
    @TestFactory
    Stream<DynamicTest> every_accepted_manifest_photo_reports_its_upright_size_position_camera_and_date() {
        return TestPhotos.manifest().stream().filter(ManifestRow::accepted).map(row -> DynamicTest.dynamicTest(row.file(),
                () -> checkAccepted(row)));
    }

    private void checkAccepted(ManifestRow row) throws Exception {
        PhotoMetadata m = inspector.inspect(TestPhotos.file(row.file())).metadata();
        assertThat(new int[]{m.displayWidth(), m.displayHeight()}).as("upright size").containsExactly(row.displayedSize());
        assertThat(m.width()).as("stored width").isEqualTo(Integer.parseInt(row.width()));
        assertThat(m.height()).as("stored height").isEqualTo(Integer.parseInt(row.height()));
        double[] pin = row.mapPin();
        if (pin == null) {
            assertThat(m.latitude()).as("no map pin").isNull();
            assertThat(m.longitude()).as("no map pin").isNull();
        } else {
            assertThat(m.latitude()).as("latitude").isCloseTo(pin[0], within(1e-5));
            assertThat(m.longitude()).as("longitude").isCloseTo(pin[1], within(1e-5));
        }
        if (row.altitude() != null) {
            assertThat(m.altitude()).as("altitude").isCloseTo(row.altitude(), within(0.06));
        }
        assertThat(m.cameraMake()).as("make").isEqualTo(row.cameraMake());
        if (row.cameraModel() != null) {
            assertThat(m.cameraModel()).as("model").isEqualTo(row.cameraModel());
        }
        if (row.dateTaken() == null || row.dateTaken().startsWith("0000")) {
            assertThat(m.takenAt()).as("date taken").isNull();
        } else {
            assertThat(m.takenAt()).as("date taken").isNotNull();
            assertThat(ExifReader.EXIF_DATE.format(m.takenAt())).as("date taken").isEqualTo(row.dateTaken());
        }
    }

    @NeedsTestPhotos
    @Test
    void heic_rotation_comes_from_the_container_once_even_when_exif_also_says_6() throws Exception {
        PhotoMetadata m = inspector.inspect(TestPhotos.file("format/heic_iphone-xs_irot-plus-exif6.heic")).metadata();
        assertThat(m.orientation()).isEqualTo(6);
        assertThat(inspector.inspect(TestPhotos.file("format/avif_iphone-xs_irot.avif")).metadata().orientation())
                .isEqualTo(1);
    }

    @NeedsTestPhotos
    @Test
    void a_bomb_is_refused_with_its_size_and_the_limit_in_the_message() {
        assertThatThrownBy(() -> inspector.inspect(TestPhotos.file("bomb/png-50000x50000.png")))
                .hasMessage("too large: 50000 × 50000 pixels (2500 megapixels); the limit is 100 megapixels");
    }

    @NeedsTestPhotos
    @Test
    void non_images_are_named_in_plain_words() {
        assertThatThrownBy(() -> inspector.inspect(TestPhotos.file("broken/not-an-image_html.jpg")))
                .hasMessage("not an image: this looks like an HTML page");
        assertThatThrownBy(() -> inspector.inspect(TestPhotos.file("broken/not-an-image_zip.jpg")))
                .hasMessage("not an image: this looks like a ZIP archive");
        assertThatThrownBy(() -> inspector.inspect(TestPhotos.file("broken/zero-bytes.jpg"))).hasMessage("empty file");
    }

    @NeedsTestPhotos
    @Test
    void a_jpeg_cut_off_in_its_scan_data_is_refused_as_incomplete() {
        assertThatThrownBy(() -> inspector.inspect(TestPhotos.file("broken/truncated-half_nikon-e950.jpg")))
                .hasMessage("the image data is incomplete (the file was cut off)");
    }

    @NeedsTestPhotos
    @Test
    void a_jpeg_with_bytes_after_its_end_marker_is_accepted(@TempDir Path dir) throws Exception {
        Path padded = dir.resolve("padded.jpg");
        Files.copy(TestPhotos.file("camera/nikon-d70.jpg"), padded);
        try (OutputStream out = Files.newOutputStream(padded, java.nio.file.StandardOpenOption.APPEND)) {
            out.write(new byte[]{0, 0, (byte) 0xFF, 0x12, 'j', 'u', 'n', 'k'});
        }
        assertThat(inspector.inspect(padded).format()).isEqualTo(ImageFormat.JPEG);
    }

    @NeedsTestPhotos
    @Test
    void a_png_without_its_end_chunk_is_refused_as_incomplete(@TempDir Path dir) throws IOException {
        byte[] whole = Files.readAllBytes(TestPhotos.file("format/png-16bit_photo.png"));
        Path cut = dir.resolve("cut.png");
        Files.write(cut, Arrays.copyOf(whole, whole.length - 12));
        assertThatThrownBy(() -> inspector.inspect(cut)).hasMessage("the image data is incomplete (the file was cut off)");
    }

    @NeedsTestPhotos
    @Test
    void a_jpeg_whose_exif_thumbnail_ends_but_whose_main_scan_is_cut_is_still_refused(@TempDir Path dir) throws IOException {
        // The Canon file carries an EXIF thumbnail with its own FFD9; cutting the main scan must still be noticed.
        byte[] whole = Files.readAllBytes(TestPhotos.file("camera/canon-eos-600d.jpg"));
        Path cut = dir.resolve("cut.jpg");
        Files.write(cut, Arrays.copyOf(whole, whole.length * 3 / 4));
        assertThatThrownBy(() -> inspector.inspect(cut)).isInstanceOf(RejectedImageException.class);
    }

    @Test
    void exif_text_is_trimmed_stripped_of_nuls_and_capped() {
        assertThat(ExifReader.clean("  Canon\u0000\u0000 ")).isEqualTo("Canon");
        assertThat(ExifReader.clean("x".repeat(5000))).hasSize(200);
        assertThat(ExifReader.clean("\u0000 ")).isNull();
    }

    @Test
    void exposure_times_read_as_photographers_write_them() {
        assertThat(ExifReader.exposure(new com.drew.lang.Rational(10, 2500))).isEqualTo("1/250");
        assertThat(ExifReader.exposure(new com.drew.lang.Rational(2, 1))).isEqualTo("2");
        assertThat(ExifReader.exposure(new com.drew.lang.Rational(0, 0))).isNull();
    }
}
