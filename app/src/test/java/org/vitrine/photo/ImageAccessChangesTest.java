package org.vitrine.photo;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.vitrine.App;
import org.vitrine.access.LinkOptions;
import org.vitrine.access.Visibility;
import org.vitrine.album.Album;
import org.vitrine.testing.Eventually;
import org.vitrine.testing.Fixtures;
import org.vitrine.testing.GeneratedPhotos;
import org.vitrine.testing.HttpSession;
import org.vitrine.testing.TestApp;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Images are answered from memory (who may see them, where they are): each change that takes an image away from
 * someone is refused at once afterwards, through the real server. Every image is fetched first, so the refusal
 * comes from a remembered answer being forgotten, not from a first lookup.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImageAccessChangesTest {
    @TempDir
    static Path dataDir;
    @TempDir
    static Path files;

    private App app;
    private HttpSession owner;
    private HttpSession visitor;
    private int seed;

    @BeforeAll
    void start() {
        app = TestApp.start(dataDir);
        owner = new Fixtures(app).signedIn();
        visitor = new HttpSession(app.config().baseUrl());
    }

    @AfterAll
    void stop() {
        app.close();
    }

    @Test
    void a_public_album_made_private_stops_serving_its_images_to_visitors_at_once() {
        Album album = new Fixtures(app).album("Made private", Visibility.PUBLIC);
        Photo photo = readyPhotoIn(album);
        String derivative = derivativeUrl(photo);
        String original = Pictures.originalUrl(photo);
        assertStatus(visitor, 200, derivative, original);
        assertStatus(visitor, 200, derivative, original);

        owner.csrfFrom("/admin/albums/" + album.id());
        var saved = owner.postForm("/admin/albums/" + album.id(), Map.of("title", album.title(),
                "slug", album.slug(), "description", "", "visibility", Visibility.PRIVATE.code()));
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(303);

        assertStatus(visitor, 404, derivative, original);
        assertStatus(owner, 200, derivative, original);
    }

    @Test
    void a_deleted_album_s_images_are_refused_to_everyone() {
        Album album = new Fixtures(app).album("Deleted album", Visibility.PUBLIC);
        Photo photo = readyPhotoIn(album);
        String derivative = derivativeUrl(photo);
        String original = Pictures.originalUrl(photo);
        assertStatus(visitor, 200, derivative, original);

        owner.csrfFrom("/admin/albums/" + album.id());
        assertThat(owner.postForm("/admin/albums/" + album.id() + "/delete", Map.of()).statusCode()).isEqualTo(303);

        assertStatus(visitor, 404, derivative, original);
        assertStatus(owner, 404, derivative, original);
    }

    @Test
    void a_deleted_photo_s_images_are_refused_to_everyone() {
        Album album = new Fixtures(app).album("Deleted photo", Visibility.PUBLIC);
        Photo photo = readyPhotoIn(album);
        String derivative = derivativeUrl(photo);
        String original = Pictures.originalUrl(photo);
        assertStatus(visitor, 200, derivative, original);

        owner.csrfFrom("/admin/albums/" + album.id());
        assertThat(owner.postForm("/admin/photos/" + photo.id() + "/delete", Map.of()).statusCode()).isEqualTo(303);

        assertStatus(visitor, 404, derivative, original);
        assertStatus(owner, 404, derivative, original);
    }

    @Test
    void a_rotated_photo_serves_its_new_sizes_and_no_longer_its_old_ones() {
        Album album = new Fixtures(app).album("Rotated", Visibility.PUBLIC);
        Photo photo = readyPhotoIn(album);
        List<String> before = app.photos().derivatives(photo.id()).stream().map(Derivative::url).toList();
        assertStatus(visitor, 200, before.toArray(String[]::new));

        owner.csrfFrom("/admin/albums/" + album.id());
        assertThat(owner.postForm("/admin/photos/" + photo.id() + "/rotate", Map.of("direction", "right"))
                .statusCode()).isEqualTo(303);
        Eventually.until("rotated sizes made", () -> app.photos().find(photo.id()).orElseThrow().status()
                == PhotoStatus.READY);

        List<String> after = app.photos().derivatives(photo.id()).stream().map(Derivative::url).toList();
        assertThat(after).doesNotContainAnyElementsOf(before);
        assertStatus(visitor, 200, after.toArray(String[]::new));
        assertStatus(visitor, 404, before.toArray(String[]::new));
    }

    @Test
    void a_signed_out_session_no_longer_opens_private_images() {
        Album album = new Fixtures(app).album("Private, signed out", Visibility.PRIVATE);
        Photo photo = readyPhotoIn(album);
        String derivative = derivativeUrl(photo);
        HttpSession browser = new Fixtures(app).signedIn();
        String cookie = browser.cookieHeader();
        // The old cookie, replayed as a stolen copy would be: it works until the sign-out.
        var replay = new HttpSession(app.config().baseUrl());
        assertThat(replay.getBytes(derivative, Map.of("Cookie", cookie)).statusCode()).isEqualTo(200);

        browser.csrfFrom("/admin");
        assertThat(browser.postForm("/logout", Map.of()).statusCode()).isEqualTo(303);

        assertThat(replay.getBytes(derivative, Map.of("Cookie", cookie)).statusCode()).isEqualTo(404);
    }

    @Test
    void a_password_change_ends_the_sessions_that_opened_private_images() {
        Album album = new Fixtures(app).album("Private, new password", Visibility.PRIVATE);
        Photo photo = readyPhotoIn(album);
        String derivative = derivativeUrl(photo);
        HttpSession browser = new Fixtures(app).signedIn();
        assertStatus(browser, 200, derivative);

        app.accounts().changePassword(Fixtures.OWNER_EMAIL, Fixtures.OWNER_PASSWORD);

        assertStatus(browser, 404, derivative);
        owner = new Fixtures(app).signedIn();
    }

    @Test
    void a_revoked_link_stops_serving_the_album_s_images_at_once() {
        Album album = new Fixtures(app).album("Revoked link", Visibility.UNLISTED);
        Photo photo = readyPhotoIn(album);
        String key = "?key=" + album.shareKey();
        String derivative = derivativeUrl(photo) + key;
        String original = Pictures.originalUrl(photo) + key;
        HttpSession holder = new HttpSession(app.config().baseUrl());
        assertStatus(holder, 200, derivative, original);
        // Opening the album keeps the key in a cookie, for images without it in their URL: that stops too.
        assertThat(holder.get(album.path()).statusCode()).isEqualTo(200);
        assertStatus(holder, 200, derivativeUrl(photo));

        var link = app.shareLinks().listByAlbum(album.id()).getFirst();
        owner.csrfFrom("/admin/albums/" + album.id());
        assertThat(owner.postForm("/admin/links/" + link.id() + "/revoke", Map.of()).statusCode()).isEqualTo(303);

        assertStatus(holder, 404, derivative, original, derivativeUrl(photo));
        assertThat(holder.get(album.path()).statusCode()).isEqualTo(410);
        assertStatus(owner, 200, derivativeUrl(photo));
    }

    @Test
    void an_expired_link_stops_serving_the_album_s_images() {
        Album album = new Fixtures(app).album("Expiring link", Visibility.UNLISTED);
        Photo photo = readyPhotoIn(album);
        String key = "expires-soon-" + album.id();
        long expiresAt = System.currentTimeMillis() + 1500;
        app.shareLinks().create(album.id(), key, "soon", null, expiresAt, LinkOptions.EVERYTHING);
        String derivative = derivativeUrl(photo) + "?key=" + key;
        HttpSession holder = new HttpSession(app.config().baseUrl());
        assertStatus(holder, 200, derivative);

        // The remembered answer carries the expiry: nothing tells the index, the moment passing is enough.
        Eventually.until("the link expired", () -> System.currentTimeMillis() > expiresAt);
        assertStatus(holder, 404, derivative);
    }

    @Test
    void a_password_set_on_an_album_locks_its_images_until_given() {
        Album album = new Fixtures(app).album("Locked later", Visibility.PUBLIC);
        Photo photo = readyPhotoIn(album);
        String derivative = derivativeUrl(photo);
        assertStatus(visitor, 200, derivative);

        owner.csrfFrom("/admin/albums/" + album.id());
        assertThat(owner.postForm("/admin/albums/" + album.id() + "/password",
                Map.of("password", "the album password")).statusCode()).isEqualTo(303);

        HttpSession stranger = new HttpSession(app.config().baseUrl());
        assertStatus(stranger, 404, derivative);
        assertStatus(owner, 200, derivative);
        stranger.csrfFrom("/a/" + album.slug());
        assertThat(stranger.postForm("/a/" + album.slug() + "/unlock", Map.of("lock", "a" + album.id(),
                "password", "the album password", "return", "/a/" + album.slug())).statusCode()).isEqualTo(303);
        assertStatus(stranger, 200, derivative);

        // A new password voids the unlocks of the old one.
        assertThat(owner.postForm("/admin/albums/" + album.id() + "/password",
                Map.of("password", "another album password")).statusCode()).isEqualTo(303);
        assertStatus(stranger, 404, derivative);
    }

    private Photo readyPhotoIn(Album album) {
        owner.csrfFrom("/admin/albums/" + album.id());
        Path file = GeneratedPhotos.jpeg(files.resolve("photo-" + seed + ".jpg"), 320, 240, seed++);
        var response = owner.upload("/admin/albums/" + album.id() + "/photos", List.of(file), List.of("photo.jpg"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        long id = HttpSession.parse(response.body()).get("results").get(0).get("photoId").asLong();
        Eventually.until("photo processed", () -> app.photos().find(id).orElseThrow().status() == PhotoStatus.READY);
        return app.photos().find(id).orElseThrow();
    }

    private String derivativeUrl(Photo photo) {
        return app.photos().derivatives(photo.id()).getFirst().url();
    }

    private static void assertStatus(HttpSession session, int expected, String... urls) {
        for (String url : urls) {
            assertThat(session.getBytes(url, Map.of()).statusCode()).as(url).isEqualTo(expected);
        }
    }
}
