package org.vitrine.photo;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.vitrine.App;
import org.vitrine.album.Album;
import org.vitrine.access.Visibility;
import org.vitrine.testing.Fixtures;
import org.vitrine.testing.HttpSession;
import org.vitrine.testing.ManifestRow;
import org.vitrine.testing.TestApp;
import org.vitrine.testing.TestPhotos;

import javax.imageio.ImageIO;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.SoftAssertions.assertSoftly;

/**
 * Every file of the shared MANIFEST.tsv goes through the real upload endpoint of a running server, and comes out
 * as the manifest says: accepted ones upright at the displayed size with their GPS and camera, rejected ones
 * refused with a clear message, leaving the album unchanged, and the server up throughout.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ManifestUploadTest {
    @TempDir
    static Path dataDir;

    private App app;
    private HttpSession owner;
    private Album album;
    private final Map<String, Long> photoIds = new HashMap<>();
    private final Map<String, String> rejections = new HashMap<>();
    private List<ManifestRow> manifest;

    @BeforeAll
    void uploadEveryManifestFile() {
        manifest = TestPhotos.manifest();
        app = TestApp.start(dataDir);
        var fx = new Fixtures(app);
        owner = fx.signedIn();
        album = fx.album("Manifest", Visibility.PUBLIC);
        owner.csrfFrom("/admin/albums/" + album.id());
        for (ManifestRow row : manifest) {
            int before = app.photos().listByAlbum(album.id()).size();
            Path file = TestPhotos.file(row.file());
            var response = owner.upload("/admin/albums/" + album.id() + "/photos", List.of(file),
                    List.of(file.getFileName().toString()));
            JsonNode result = HttpSession.parse(response.body()).get("results").get(0);
            if (result.get("ok").asBoolean()) {
                photoIds.put(row.file(), result.get("photoId").asLong());
            } else {
                rejections.put(row.file(), result.get("message").asText());
                assertThat(app.photos().listByAlbum(album.id())).as("album unchanged after " + row.file()).hasSize(before);
            }
            assertThat(owner.get("/healthz").statusCode()).as("server up after " + row.file()).isEqualTo(200);
        }
        waitUntilNothingIsProcessing();
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    private void waitUntilNothingIsProcessing() {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (Instant.now().isBefore(deadline)) {
            boolean busy = false;
            for (JsonNode photo : owner.json("/api/albums/" + album.slug()).get("photos")) {
                busy |= photo.get("status").asText().equals("processing");
            }
            if (!busy) {
                return;
            }
            sleep(200);
        }
        throw new AssertionError("photos still processing after 3 minutes");
    }

    @Test
    void rejected_files_are_refused_with_a_clear_message_and_accepted_files_are_kept() {
        assertSoftly(softly -> {
            for (ManifestRow row : manifest) {
                if (row.rejected()) {
                    softly.assertThat(rejections).as(row.file() + " must be rejected").containsKey(row.file());
                    softly.assertThat(rejections.getOrDefault(row.file(), "")).as(row.file()).hasSizeGreaterThan(8);
                } else {
                    softly.assertThat(photoIds).as(row.file() + " must be accepted, but: " + rejections.get(row.file()))
                            .containsKey(row.file());
                }
            }
        });
    }

    @Test
    void accepted_photos_have_the_manifest_size_location_camera_and_date() {
        Map<Long, JsonNode> byId = photosById();
        assertSoftly(softly -> {
            for (ManifestRow row : manifest) {
                Long id = photoIds.get(row.file());
                if (id == null) {
                    continue;
                }
                JsonNode photo = byId.get(id);
                int[] size = row.displayedSize();
                softly.assertThat(photo.get("width").asInt()).as(row.file() + " width").isEqualTo(size[0]);
                softly.assertThat(photo.get("height").asInt()).as(row.file() + " height").isEqualTo(size[1]);
                double[] pin = row.mapPin();
                if (pin == null) {
                    softly.assertThat(photo.get("location").isNull()).as(row.file() + " has no location").isTrue();
                } else {
                    softly.assertThat(photo.get("location").get("lat").asDouble()).as(row.file() + " lat")
                            .isCloseTo(pin[0], within(1e-5));
                    softly.assertThat(photo.get("location").get("lon").asDouble()).as(row.file() + " lon")
                            .isCloseTo(pin[1], within(1e-5));
                }
                if (row.cameraModel() != null) {
                    softly.assertThat(photo.get("cameraMake").asText()).as(row.file() + " make").isEqualTo(row.cameraMake());
                    softly.assertThat(photo.get("cameraModel").asText()).as(row.file() + " model").isEqualTo(row.cameraModel());
                }
                if (row.dateTaken() == null || row.dateTaken().startsWith("0000")) {
                    softly.assertThat(photo.get("takenAt").isNull()).as(row.file() + " no date").isTrue();
                } else {
                    String iso = row.dateTaken().replaceFirst("(\\d{4}):(\\d{2}):(\\d{2}) ", "$1-$2-$3T");
                    softly.assertThat(photo.get("takenAt").asText()).as(row.file() + " date").startsWith(iso);
                }
            }
        });
    }

    @Test
    void every_accepted_photo_is_ready_with_upright_derivatives_or_failed_with_a_reason() throws Exception {
        Map<Long, JsonNode> byId = photosById();
        for (ManifestRow row : manifest) {
            Long id = photoIds.get(row.file());
            if (id == null) {
                continue;
            }
            JsonNode photo = byId.get(id);
            String status = photo.get("status").asText();
            if (row.isHeifFamily() && status.equals("failed")) {
                // The pure-Java engine cannot decode HEIF: the photo is kept and says what would make it work.
                assertThat(photo.get("error").asText()).as(row.file()).contains("libvips");
                continue;
            }
            assertThat(status).as(row.file() + " status (" + photo.get("error") + ")").isEqualTo("ready");
            JsonNode derivatives = photo.get("derivatives");
            assertThat(derivatives.size()).as(row.file()).isGreaterThan(0);
            int[] size = row.displayedSize();
            for (JsonNode d : derivatives) {
                int w = d.get("width").asInt();
                int h = d.get("height").asInt();
                assertThat(w).as(row.file()).isLessThanOrEqualTo(size[0]);
                // Upright aspect: the height is the width scaled by the photo's aspect, to the pixel.
                assertThat((double) h).as(row.file() + " aspect of " + w + "x" + h)
                        .isCloseTo((double) w * size[1] / size[0], within(1.0));
            }
            JsonNode smallest = derivatives.get(0);
            var bytes = owner.getBytes(smallest.get("url").asText(), Map.of());
            assertThat(bytes.statusCode()).isEqualTo(200);
            assertThat(bytes.headers().firstValue("Content-Type")).hasValue("image/jpeg");
            var image = ImageIO.read(new ByteArrayInputStream(bytes.body()));
            assertThat(image.getWidth()).as(row.file()).isEqualTo(smallest.get("width").asInt());
            assertThat(image.getHeight()).as(row.file()).isEqualTo(smallest.get("height").asInt());
            assertThat(containsExif(bytes.body())).as(row.file() + " derivative carries no EXIF").isFalse();
        }
    }

    @Test
    void uploading_the_same_photo_again_is_reported_and_not_stored_twice() {
        ManifestRow first = manifest.stream().filter(r -> photoIds.containsKey(r.file())).findFirst().orElseThrow();
        int before = app.photos().listByAlbum(album.id()).size();
        var response = owner.upload("/admin/albums/" + album.id() + "/photos", TestPhotos.file(first.file()));
        JsonNode result = HttpSession.parse(response.body()).get("results").get(0);
        assertThat(result.get("ok").asBoolean()).isFalse();
        assertThat(result.get("message").asText()).contains("already in this album");
        assertThat(app.photos().listByAlbum(album.id())).hasSize(before);
    }

    private Map<Long, JsonNode> photosById() {
        Map<Long, JsonNode> byId = new HashMap<>();
        for (JsonNode photo : owner.json("/api/albums/" + album.slug()).get("photos")) {
            byId.put(photo.get("id").asLong(), photo);
        }
        return byId;
    }

    /** True when the JPEG has an APP1 segment starting with "Exif". */
    static boolean containsExif(byte[] jpeg) {
        for (int i = 2; i + 10 < jpeg.length; ) {
            if ((jpeg[i] & 0xFF) != 0xFF) {
                return false;
            }
            int marker = jpeg[i + 1] & 0xFF;
            if (marker == 0xDA) {
                return false;
            }
            int length = ((jpeg[i + 2] & 0xFF) << 8) | (jpeg[i + 3] & 0xFF);
            if (marker == 0xE1 && jpeg[i + 4] == 'E' && jpeg[i + 5] == 'x' && jpeg[i + 6] == 'i' && jpeg[i + 7] == 'f') {
                return true;
            }
            i += 2 + length;
        }
        return false;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
