package org.vitrine.photo;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.vitrine.App;
import org.vitrine.access.Visibility;
import org.vitrine.album.Album;
import org.vitrine.testing.Fixtures;
import org.vitrine.testing.GeneratedPhotos;
import org.vitrine.testing.HttpSession;
import org.vitrine.testing.TestApp;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An upload sent again with its Idempotency-Key, because the answer to the first try was lost (a web node
 * killed mid-request), is answered with the photo the first try made: never stored twice, never reported as a
 * failure. No worker runs here, so photos stay processing and their jobs stay queued where the test can see them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UploadSentAgainTest {
    @TempDir
    static Path dataDir;
    @TempDir
    static Path files;

    private App app;
    private int seed;

    @BeforeAll
    void start() {
        app = TestApp.start(dataDir, Map.of("VITRINE_WORKERS", "none"));
        new Fixtures(app).owner();
    }

    @AfterAll
    void stop() {
        app.close();
    }

    @Test
    void the_same_upload_sent_twice_is_stored_once_and_both_answers_name_the_same_photo() {
        Album album = new Fixtures(app).album("Sent twice", Visibility.PRIVATE);
        Path photo = newPhoto();
        String key = UUID.randomUUID().toString();

        JsonNode first = result(upload(album, photo, key));
        JsonNode again = result(upload(album, photo, key));

        assertThat(first.get("ok").asBoolean()).isTrue();
        assertThat(again.get("ok").asBoolean()).isTrue();
        assertThat(again.get("photoId").asLong()).isEqualTo(first.get("photoId").asLong());
        assertThat(app.photos().listByAlbum(album.id())).hasSize(1);
        assertThat(app.jobs().list(100)).filteredOn(j -> j.subjectId() == first.get("photoId").asLong()).hasSize(1);
    }

    @Test
    void the_same_file_under_a_new_upload_id_is_still_a_duplicate_and_not_stored_again() {
        Album album = new Fixtures(app).album("Chosen twice", Visibility.PRIVATE);
        Path photo = newPhoto();
        assertThat(result(upload(album, photo, UUID.randomUUID().toString())).get("ok").asBoolean()).isTrue();

        var second = upload(album, photo, UUID.randomUUID().toString());

        assertThat(second.statusCode()).isEqualTo(422);
        assertThat(result(second).get("duplicate").asBoolean()).isTrue();
        assertThat(app.photos().listByAlbum(album.id())).hasSize(1);
    }

    @Test
    void a_first_try_cut_off_before_its_job_was_queued_gets_its_job_from_the_second_try() {
        Album album = new Fixtures(app).album("Cut off", Visibility.PRIVATE);
        Path photo = newPhoto();
        String key = UUID.randomUUID().toString();
        long id = result(upload(album, photo, key)).get("photoId").asLong();
        // As if the node had died between storing the photo and queueing its sizes.
        app.database().jdbi().useHandle(h -> h.createUpdate("DELETE FROM jobs WHERE subject_id = :id")
                .bind("id", id).execute());

        assertThat(result(upload(album, photo, key)).get("photoId").asLong()).isEqualTo(id);

        assertThat(app.jobs().list(100)).filteredOn(j -> j.subjectId() == id).hasSize(1);
        assertThat(app.photos().find(id).orElseThrow().status()).isEqualTo(PhotoStatus.PROCESSING);
    }

    @Test
    void an_upload_id_that_is_not_a_short_token_or_names_several_files_is_refused_in_words() {
        Album album = new Fixtures(app).album("Refused ids", Visibility.PRIVATE);
        var owner = new Fixtures(app).signedIn().withHeader("Idempotency-Key", "no spaces or <tags>");
        owner.csrfFrom("/admin/albums/" + album.id());
        var badKey = owner.upload("/admin/albums/" + album.id() + "/photos", newPhoto());
        assertThat(badKey.statusCode()).isEqualTo(400);
        assertThat(badKey.body()).contains("Idempotency-Key must be 8 to 100 letters");

        var twoFiles = new Fixtures(app).signedIn().withHeader("Idempotency-Key", UUID.randomUUID().toString());
        twoFiles.csrfFrom("/admin/albums/" + album.id());
        var response = twoFiles.upload("/admin/albums/" + album.id() + "/photos",
                List.of(newPhoto(), newPhoto()), List.of("a.jpg", "b.jpg"));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("send each photo in its own request");
        assertThat(app.photos().listByAlbum(album.id())).isEmpty();
    }

    private HttpResponse<String> upload(Album album, Path photo, String key) {
        // A new session per try: the retry may go to another node, and only the key ties the tries together.
        var owner = new Fixtures(app).signedIn().withHeader("Idempotency-Key", key);
        owner.csrfFrom("/admin/albums/" + album.id());
        return owner.upload("/admin/albums/" + album.id() + "/photos", List.of(photo), List.of("photo.jpg"));
    }

    private static JsonNode result(HttpResponse<String> response) {
        return HttpSession.parse(response.body()).get("results").get(0);
    }

    private Path newPhoto() {
        return GeneratedPhotos.jpeg(files.resolve("p" + seed + ".jpg"), 320, 240, seed++);
    }
}
