package org.vitrine.photo;

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

import javax.imageio.ImageIO;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The owner captions, rotates, features and deletes photos; the original file is never modified. */
class PhotoEditingTest {
    @TempDir
    Path dataDir;
    @TempDir
    Path scratch;

    private App app;
    private HttpSession owner;
    private Album album;
    private long photoId;

    @BeforeEach
    void uploadOnePhoto() {
        app = TestApp.start(dataDir);
        var fx = new Fixtures(app);
        owner = fx.signedIn();
        album = fx.album("Edits", Visibility.PUBLIC);
        owner.csrfFrom("/admin/albums/" + album.id());
        // Stored 1200 x 1800, turned a quarter clockwise by EXIF orientation 6: displayed 1800 x 1200.
        Path sideways = GeneratedPhotos.exifOriented(scratch.resolve("Landscape_6.jpg"), 1200, 1800, 6, 6);
        var response = owner.upload("/admin/albums/" + album.id() + "/photos", sideways);
        photoId = HttpSession.parse(response.body()).get("results").get(0).get("photoId").asLong();
        BackgroundProcessingTest.waitUntilProcessed(app);
        owner.csrfFrom(album.photoPath(photoId));
    }

    @AfterEach
    void stop() {
        app.close();
    }

    @Test
    void rotating_right_makes_new_sizes_turned_a_quarter_and_leaves_the_original_untouched() throws Exception {
        var before = app.photos().find(photoId).orElseThrow();
        Path original = dataDir.resolve("blobs").resolve(before.originalKey());
        byte[] originalBytes = Files.readAllBytes(original);
        assertThat(before.displayWidth()).isEqualTo(1800);

        var response = owner.postForm("/admin/photos/" + photoId + "/rotate", Map.of("direction", "right"));
        assertThat(response.statusCode()).isEqualTo(303);
        BackgroundProcessingTest.waitUntilProcessed(app);

        var after = app.photos().find(photoId).orElseThrow();
        assertThat(after.status()).isEqualTo(PhotoStatus.READY);
        assertThat(after.displayWidth()).isEqualTo(1200);
        assertThat(after.displayHeight()).isEqualTo(1800);
        var smallest = app.photos().derivatives(photoId).getFirst();
        var image = ImageIO.read(new ByteArrayInputStream(owner.getBytes(smallest.url(), Map.of()).body()));
        assertThat(image.getHeight()).isGreaterThan(image.getWidth());
        assertThat(Files.readAllBytes(original)).isEqualTo(originalBytes);
    }

    @Test
    void a_title_and_caption_show_on_the_photo_page_and_the_photo_can_become_the_cover() {
        owner.postForm("/admin/photos/" + photoId, Map.of("title", "Sea fog", "caption", "Early morning <b>walk</b>"));
        String page = new HttpSession(app.config().baseUrl()).get(album.photoPath(photoId)).body();
        assertThat(page).contains("Sea fog").contains("Early morning &lt;b&gt;walk&lt;/b&gt;");
        assertThat(page).doesNotContain("Edit photo");

        owner.postForm("/admin/photos/" + photoId + "/cover", Map.of());
        assertThat(app.albums().find(album.id()).orElseThrow().coverPhotoId()).isEqualTo(photoId);
    }

    @Test
    void deleting_a_photo_removes_it_its_sizes_and_its_unshared_original() {
        var photo = app.photos().find(photoId).orElseThrow();
        var derivative = app.photos().derivatives(photoId).getFirst();
        var response = owner.postForm("/admin/photos/" + photoId + "/delete", Map.of());
        assertThat(response.statusCode()).isEqualTo(303);
        assertThat(app.photos().find(photoId)).isEmpty();
        assertThat(dataDir.resolve("blobs").resolve(photo.originalKey())).doesNotExist();
        assertThat(dataDir.resolve("blobs").resolve(derivative.blobKey())).doesNotExist();
        assertThat(owner.getBytes(derivative.url(), Map.of()).statusCode()).isEqualTo(404);
    }
}
