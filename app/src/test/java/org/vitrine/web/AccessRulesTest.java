package org.vitrine.web;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.vitrine.App;
import org.vitrine.album.Album;
import org.vitrine.album.Visibility;
import org.vitrine.testing.Fixtures;
import org.vitrine.testing.GeneratedPhotos;
import org.vitrine.testing.HttpSession;
import org.vitrine.testing.TestApp;
import org.vitrine.testing.TestPhotos;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may see what: private albums are invisible to visitors (pages, API and image URLs all answer 404),
 * unlisted albums open only with their secret link, and no state changes without a CSRF token.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessRulesTest {
    @TempDir
    static Path dataDir;

    private App app;
    private HttpSession owner;
    private HttpSession visitor;
    private Album publicAlbum;
    private Album unlistedAlbum;
    private Album privateAlbum;

    @BeforeAll
    void start() {
        app = TestApp.start(dataDir);
        var fx = new Fixtures(app);
        owner = fx.signedIn();
        visitor = new HttpSession(app.config().baseUrl());
        publicAlbum = fx.album("Open to all", Visibility.PUBLIC);
        unlistedAlbum = fx.album("Link only", Visibility.UNLISTED);
        privateAlbum = fx.album("Just me", Visibility.PRIVATE);
        for (Album album : List.of(publicAlbum, unlistedAlbum, privateAlbum)) {
            owner.csrfFrom("/admin/albums/" + album.id());
            var response = owner.upload("/admin/albums/" + album.id() + "/photos",
                    GeneratedPhotos.jpeg(640, 480, 1));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        }
        waitForReady();
    }

    @AfterAll
    void stop() {
        app.close();
    }

    private void waitForReady() {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
        while (Instant.now().isBefore(deadline)) {
            long processing = app.photos().idsWithStatus("processing").size();
            if (processing == 0) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        throw new AssertionError("photos not processed in time");
    }

    private List<String> imageUrls(Album album) {
        List<String> urls = new ArrayList<>();
        JsonNode json = owner.json("/api/albums/" + album.slug() + album.keyQuery());
        for (JsonNode photo : json.get("photos")) {
            for (JsonNode d : photo.get("derivatives")) {
                urls.add(d.get("url").asText());
            }
            long id = photo.get("id").asLong();
            var p = app.photos().find(id).orElseThrow();
            urls.add(app.config().baseUrl() + org.vitrine.photo.Pictures.originalUrl(p));
        }
        assertThat(urls).isNotEmpty();
        return urls;
    }

    @Test
    void a_private_album_page_api_entry_and_images_are_not_found_for_a_visitor() {
        long photoId = app.photos().listByAlbum(privateAlbum.id()).getFirst().id();
        assertThat(visitor.get("/a/" + privateAlbum.slug()).statusCode()).isEqualTo(404);
        assertThat(visitor.get("/a/" + privateAlbum.slug() + "/" + photoId).statusCode()).isEqualTo(404);
        assertThat(visitor.get("/api/albums/" + privateAlbum.slug()).statusCode()).isEqualTo(404);
        assertThat(visitor.get("/api/albums").body()).doesNotContain(privateAlbum.slug());
        assertThat(visitor.get("/").body()).doesNotContain(privateAlbum.title());
        for (String url : imageUrls(privateAlbum)) {
            assertThat(visitor.getBytes(url, Map.of()).statusCode()).as(url).isEqualTo(404);
            assertThat(owner.getBytes(url, Map.of()).statusCode()).as(url).isEqualTo(200);
        }
        assertThat(owner.get("/a/" + privateAlbum.slug()).statusCode()).isEqualTo(200);
    }

    @Test
    void an_unlisted_album_opens_only_with_its_secret_link() {
        assertThat(visitor.get("/a/" + unlistedAlbum.slug()).statusCode()).isEqualTo(404);
        assertThat(visitor.get("/a/" + unlistedAlbum.slug() + "?key=wrong").statusCode()).isEqualTo(404);
        assertThat(visitor.get("/api/albums/" + unlistedAlbum.slug()).statusCode()).isEqualTo(404);
        assertThat(visitor.get(unlistedAlbum.path()).statusCode()).isEqualTo(200);
        assertThat(visitor.get("/api/albums/" + unlistedAlbum.slug() + unlistedAlbum.keyQuery()).statusCode())
                .isEqualTo(200);
        assertThat(visitor.get("/").body()).doesNotContain(unlistedAlbum.title());
        assertThat(visitor.get("/api/albums").body()).doesNotContain(unlistedAlbum.slug());
    }

    @Test
    void a_public_album_is_listed_and_its_images_are_cacheable() {
        assertThat(visitor.get("/").body()).contains(publicAlbum.title());
        String url = imageUrls(publicAlbum).getFirst();
        var first = visitor.getBytes(url, Map.of());
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("Cache-Control").orElse("")).contains("immutable");
        assertThat(first.headers().firstValue("Last-Modified")).isPresent();
        String etag = first.headers().firstValue("ETag").orElseThrow();
        assertThat(visitor.getBytes(url, Map.of("If-None-Match", etag)).statusCode()).isEqualTo(304);
        var range = visitor.getBytes(url, Map.of("Range", "bytes=0-99"));
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.body()).hasSize(100);
        var head = visitor.head(url);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValueAsLong("Content-Length").orElse(-1)).isEqualTo(first.body().length);
    }

    @Test
    void a_form_post_without_a_csrf_token_is_refused_and_changes_nothing() {
        int before = app.albums().list(true).size();
        var response = owner.postFormRaw("/admin/albums", Map.of("title", "Sneaky", "visibility", "public"));
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("Reload the page");
        var wrong = owner.postFormRaw("/admin/albums", Map.of("title", "Sneaky", "visibility", "public",
                "_csrf", "not-the-token"));
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(app.albums().list(true)).hasSize(before);
    }

    @Test
    void admin_pages_send_a_visitor_to_sign_in() {
        var response = visitor.get("/admin");
        assertThat(response.statusCode()).isEqualTo(303);
        assertThat(response.headers().firstValue("Location").orElse("")).startsWith("/login");
    }

    @Test
    void an_uploaded_html_file_is_never_served_as_a_page() {
        owner.csrfFrom("/admin/albums/" + publicAlbum.id());
        var response = owner.upload("/admin/albums/" + publicAlbum.id() + "/photos",
                TestPhotos.file("broken/not-an-image_html.jpg"));
        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.body()).contains("not an image");
    }
}
