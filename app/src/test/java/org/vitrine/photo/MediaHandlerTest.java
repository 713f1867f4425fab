package org.vitrine.photo;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.vitrine.App;
import org.vitrine.access.Visibility;
import org.vitrine.album.Album;
import org.vitrine.testing.Eventually;
import org.vitrine.testing.Fixtures;
import org.vitrine.testing.GeneratedPhotos;
import org.vitrine.testing.HttpSession;
import org.vitrine.testing.TestApp;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the media handler in front of Javalin answers, through the real server: whole files, 304, ranges (on
 * originals too: the bytes are the uploaded file's), HEAD, the headers of each, and the refusals it leaves to the
 * site's own pages (styled, nothing internal, no year-long cache lifetime).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MediaHandlerTest {
    @TempDir
    static Path dataDir;
    @TempDir
    static Path files;

    private App app;
    private HttpSession owner;
    private HttpSession visitor;
    private Photo publicPhoto;
    private Path publicOriginal;
    private Photo privatePhoto;
    private Photo unlistedPhoto;

    @BeforeAll
    void start() {
        app = TestApp.start(dataDir);
        owner = new Fixtures(app).signedIn();
        visitor = new HttpSession(app.config().baseUrl());
        publicOriginal = GeneratedPhotos.jpeg(files.resolve("public.jpg"), 320, 240, 1);
        publicPhoto = readyPhotoIn(new Fixtures(app).album("Public", Visibility.PUBLIC), publicOriginal);
        privatePhoto = readyPhotoIn(new Fixtures(app).album("Private", Visibility.PRIVATE),
                GeneratedPhotos.jpeg(files.resolve("private.jpg"), 320, 240, 2));
        unlistedPhoto = readyPhotoIn(new Fixtures(app).album("Unlisted", Visibility.UNLISTED),
                GeneratedPhotos.jpeg(files.resolve("unlisted.jpg"), 320, 240, 3));
    }

    @AfterAll
    void stop() {
        app.close();
    }

    @Test
    void a_public_derivative_is_sent_whole_with_its_cache_and_security_headers() {
        var response = visitor.getBytes(derivativeUrl(publicPhoto), Map.of());
        assertThat(response.statusCode()).isEqualTo(200);
        byte[] body = response.body();
        assertThat(body[0] & 0xff).isEqualTo(0xff);
        assertThat(body[1] & 0xff).isEqualTo(0xd8);
        assertThat(header(response, "Content-Length")).isEqualTo(String.valueOf(body.length));
        assertThat(header(response, "Content-Type")).isEqualTo("image/jpeg");
        assertThat(header(response, "Cache-Control")).isEqualTo("public, max-age=31536000, immutable");
        assertThat(header(response, "ETag")).matches("\"[0-9a-f]{16}\"");
        assertThat(header(response, "Accept-Ranges")).isEqualTo("bytes");
        assertThat(header(response, "Last-Modified")).endsWith("GMT");
        assertThat(header(response, "X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(header(response, "Content-Security-Policy")).contains("default-src 'self'");
        assertThat(response.headers().firstValue("X-Robots-Tag")).isEmpty();
    }

    @Test
    void the_browser_s_own_copy_is_answered_304_with_no_body_and_another_etag_gets_the_file() {
        String url = derivativeUrl(publicPhoto);
        String etag = header(visitor.getBytes(url, Map.of()), "ETag");

        var same = visitor.getBytes(url, Map.of("If-None-Match", etag));
        assertThat(same.statusCode()).isEqualTo(304);
        assertThat(same.body()).isEmpty();
        assertThat(header(same, "ETag")).isEqualTo(etag);
        assertThat(header(same, "Cache-Control")).isEqualTo("public, max-age=31536000, immutable");

        var other = visitor.getBytes(url, Map.of("If-None-Match", "\"0000000000000000\""));
        assertThat(other.statusCode()).isEqualTo(200);
        assertThat(other.body()).isNotEmpty();
    }

    @Test
    void ranges_of_an_original_are_the_uploaded_file_s_bytes() throws Exception {
        byte[] uploaded = Files.readAllBytes(publicOriginal);
        String url = Pictures.originalUrl(publicPhoto);

        var whole = visitor.getBytes(url, Map.of());
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.body()).isEqualTo(uploaded);
        assertThat(header(whole, "Content-Disposition")).startsWith("inline");

        var middle = visitor.getBytes(url, Map.of("Range", "bytes=100-199"));
        assertThat(middle.statusCode()).isEqualTo(206);
        assertThat(header(middle, "Content-Range")).isEqualTo("bytes 100-199/" + uploaded.length);
        assertThat(header(middle, "Content-Length")).isEqualTo("100");
        assertThat(middle.body()).isEqualTo(Arrays.copyOfRange(uploaded, 100, 200));

        var tail = visitor.getBytes(url, Map.of("Range", "bytes=-10"));
        assertThat(tail.statusCode()).isEqualTo(206);
        assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(uploaded, uploaded.length - 10, uploaded.length));

        var open = visitor.getBytes(url, Map.of("Range", "bytes=" + (uploaded.length - 3) + "-"));
        assertThat(open.statusCode()).isEqualTo(206);
        assertThat(open.body()).isEqualTo(Arrays.copyOfRange(uploaded, uploaded.length - 3, uploaded.length));
    }

    @Test
    void a_range_past_the_end_is_416_with_the_file_s_size() throws Exception {
        long size = Files.size(publicOriginal);
        var response = visitor.getBytes(Pictures.originalUrl(publicPhoto), Map.of("Range", "bytes=" + size + "-"));
        assertThat(response.statusCode()).isEqualTo(416);
        assertThat(header(response, "Content-Range")).isEqualTo("bytes */" + size);
    }

    @Test
    void head_gives_the_headers_and_no_body() {
        String url = derivativeUrl(publicPhoto);
        long size = visitor.getBytes(url, Map.of()).body().length;
        var response = visitor.head(url);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(header(response, "Content-Length")).isEqualTo(String.valueOf(size));
        assertThat(response.body()).isEmpty();
    }

    @Test
    void a_private_album_s_image_is_the_site_s_404_page_for_a_visitor_and_private_for_its_owner() {
        String url = derivativeUrl(privatePhoto);
        var refused = visitor.getBytes(url, Map.of());
        assertThat(refused.statusCode()).isEqualTo(404);
        String page = new String(refused.body(), StandardCharsets.UTF_8);
        assertThat(page).contains("<html").contains("does not exist, or is not shared with you");
        assertThat(page).doesNotContain("Exception").doesNotContain("derivatives/");
        assertThat(refused.headers().firstValue("Cache-Control").orElse("")).doesNotContain("immutable");
        assertThat(refused.headers().firstValue("ETag")).isEmpty();

        var seen = owner.getBytes(url, Map.of());
        assertThat(seen.statusCode()).isEqualTo(200);
        assertThat(header(seen, "Cache-Control")).isEqualTo("private, max-age=31536000, immutable");
        assertThat(header(seen, "X-Robots-Tag")).isEqualTo("noindex");
        assertThat(visitor.getBytes(Pictures.originalUrl(privatePhoto), Map.of("Range", "bytes=0-9"))
                .statusCode()).isEqualTo(404);
    }

    @Test
    void an_unlisted_album_s_image_is_seen_with_its_link_but_kept_from_shared_caches_and_search_engines() {
        // Without the album's link key an unlisted album's image is refused, however well its URL is known.
        assertThat(visitor.getBytes(derivativeUrl(unlistedPhoto), Map.of()).statusCode()).isEqualTo(404);
        String key = app.albums().find(unlistedPhoto.albumId()).orElseThrow().shareKey();
        var response = visitor.getBytes(derivativeUrl(unlistedPhoto) + "?key=" + key, Map.of());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(header(response, "Cache-Control")).isEqualTo("private, max-age=31536000, immutable");
        assertThat(header(response, "X-Robots-Tag")).isEqualTo("noindex");
    }

    @Test
    void addresses_that_name_no_file_are_the_site_s_404_page() {
        String derivative = derivativeUrl(publicPhoto);
        String file = derivative.substring(derivative.lastIndexOf('/') + 1);
        for (String url : List.of("/media/d/" + publicPhoto.id() + "/9999-0123456789abcdef.jpg",
                "/media/d/abc/" + file, "/media/d/99999999/" + file, "/media/d/" + publicPhoto.id() + "/",
                "/media/d/" + publicPhoto.id() + "/" + file + "/more", "/media/o/" + publicPhoto.id() + "/x.jpg")) {
            var response = visitor.getBytes(url, Map.of());
            assertThat(response.statusCode()).as(url).isEqualTo(404);
            assertThat(new String(response.body(), StandardCharsets.UTF_8)).as(url).contains("<html");
        }
    }

    private Photo readyPhotoIn(Album album, Path file) {
        owner.csrfFrom("/admin/albums/" + album.id());
        var response = owner.upload("/admin/albums/" + album.id() + "/photos", List.of(file), List.of("photo.jpg"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        long id = HttpSession.parse(response.body()).get("results").get(0).get("photoId").asLong();
        Eventually.until("photo processed", () -> app.photos().find(id).orElseThrow().status() == PhotoStatus.READY);
        return app.photos().find(id).orElseThrow();
    }

    private String derivativeUrl(Photo photo) {
        return app.photos().derivatives(photo.id()).getFirst().url();
    }

    private static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElseThrow(() -> new AssertionError("no " + name + " header"));
    }
}
