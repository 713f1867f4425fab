package org.vitrine.photo;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitrine.App;
import org.vitrine.album.Album;
import org.vitrine.access.Visibility;
import org.vitrine.testing.Fixtures;
import org.vitrine.testing.GeneratedPhotos;
import org.vitrine.testing.HttpSession;
import org.vitrine.testing.TestApp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The configured byte and pixel limits refuse files with a message that names the limit; others still upload. */
class UploadLimitsTest {
    @TempDir
    Path dataDir;
    @TempDir
    Path scratch;

    private App app;
    private HttpSession owner;
    private Album album;

    @BeforeEach
    void start() {
        app = TestApp.start(dataDir, Map.of("VITRINE_MAX_UPLOAD_MB", "1", "VITRINE_MAX_MEGAPIXELS", "2"));
        var fx = new Fixtures(app);
        owner = fx.signedIn();
        album = fx.album("Limits", Visibility.PRIVATE);
        owner.csrfFrom("/admin/albums/" + album.id());
    }

    @AfterEach
    void stop() {
        app.close();
    }

    @Test
    void a_file_over_the_byte_limit_is_refused_with_the_limit_in_the_message() throws IOException {
        // 1600 x 1600 pixels of noise, well over 1 MB: over both limits, and the byte limit is checked first.
        Path large = GeneratedPhotos.noise(scratch.resolve("large.jpg"), 1600, 1600, 1);
        assertThat(Files.size(large)).isGreaterThan(1_100_000);
        var response = owner.upload("/admin/albums/" + album.id() + "/photos", large);
        assertThat(response.statusCode()).isIn(413, 422);
        assertThat(response.body()).contains("too large").contains("1 MB");
        assertThat(app.photos().listByAlbum(album.id())).isEmpty();
        assertThat(owner.get("/healthz").statusCode()).isEqualTo(200);
    }

    @Test
    void an_image_over_the_pixel_limit_is_refused_but_the_others_in_the_same_request_are_kept() {
        Path big = GeneratedPhotos.jpeg(scratch.resolve("big.jpg"), 1280, 960, 2);     // 1.2 MP, accepted
        Path wide = GeneratedPhotos.jpeg(scratch.resolve("wide.jpg"), 4096, 620, 3);   // 2.5 MP, refused
        var response = owner.upload("/admin/albums/" + album.id() + "/photos", List.of(big, wide),
                List.of("ok.jpg", "wide.jpg"));
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode results = HttpSession.parse(response.body()).get("results");
        assertThat(results.get(0).get("ok").asBoolean()).isTrue();
        assertThat(results.get(1).get("ok").asBoolean()).isFalse();
        assertThat(results.get(1).get("message").asText()).contains("too large").contains("megapixels");
        assertThat(app.photos().listByAlbum(album.id())).hasSize(1);
    }
}
