package org.vitrine.browser;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.vitrine.App;
import org.vitrine.testing.Fixtures;
import org.vitrine.testing.GeneratedPhotos;
import org.vitrine.testing.HttpSession;
import org.vitrine.testing.TestApp;

import javax.imageio.ImageIO;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * LinkPreviewTest fetches the home, album and photo pages over HTTP as a chat app would when a link is pasted,
 * reads their Open Graph and Twitter card tags and fetches the image they name; private albums give nothing away
 * and unlisted ones only through their link. It also checks that an unknown address gets the styled 404 page.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LinkPreviewTest {
    private static final Pattern META = Pattern.compile("<meta\\s+(?:name|property)=\"([^\"]+)\"\\s+content=\"([^\"]*)\">");

    @TempDir
    static Path dir;
    private App app;
    private PublishedAlbum coast;
    private PublishedAlbum family;
    private PublishedAlbum secret;
    private HttpSession visitor;

    @BeforeAll
    void start() throws IOException {
        Path photos = Files.createDirectories(dir.resolve("photos"));
        app = TestApp.start(dir.resolve("app"));
        coast = PublishedAlbum.create(app, "Coast", "Three days on the <north> coast & its harbours.",
                List.of(GeneratedPhotos.jpeg(photos.resolve("IMG_0001.jpg"), 2400, 1600, 11),
                        GeneratedPhotos.jpeg(photos.resolve("IMG_0002.jpg"), 1000, 1500, 12)));
        family = PublishedAlbum.create(app, "Family", "", "unlisted",
                List.of(GeneratedPhotos.jpeg(photos.resolve("IMG_0003.jpg"), 1600, 1200, 13)));
        secret = PublishedAlbum.create(app, "Secret plans", "", "private",
                List.of(GeneratedPhotos.jpeg(photos.resolve("IMG_0004.jpg"), 1600, 1200, 14)));
        HttpSession owner = new Fixtures(app).signedIn();
        long first = coast.photoIds().get("IMG_0001.jpg");
        owner.csrfFrom("/admin/albums/" + coast.album().id());
        owner.postForm("/admin/photos/" + first, Map.of("title", "Harbour at dawn",
                "caption", "Fishing boats waiting for the tide."));
        visitor = new HttpSession(TestApp.baseUrl(app));
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void home_album_and_photo_pages_name_an_absolute_image_that_a_visitor_can_fetch() throws IOException {
        long first = coast.photoIds().get("IMG_0001.jpg");
        Map<String, String> home = previewOf("/");
        Map<String, String> album = previewOf(coast.path());
        Map<String, String> photo = previewOf(coast.album().photoPath(first));

        assertThat(home.get("og:title")).isEqualTo("Vitrine");
        assertThat(home.get("description")).contains("Coast").doesNotContain("Family", "Secret");
        assertThat(album).containsEntry("og:title", "Coast")
                .containsEntry("og:description", "Three days on the <north> coast & its harbours.")
                .containsEntry("description", "Three days on the <north> coast & its harbours.");
        assertThat(photo).containsEntry("og:title", "Harbour at dawn")
                .containsEntry("og:description", "Fishing boats waiting for the tide.")
                .containsEntry("og:url", TestApp.baseUrl(app) + coast.album().photoPath(first));
        for (var tags : List.of(home, album, photo)) {
            assertThat(tags).containsEntry("twitter:card", "summary_large_image").containsKey("twitter:title");
            assertImageFetchable(tags);
        }
        // A link preview is drawn about 1200 px wide: the 1280 px size, not the 2048 px one.
        assertThat(photo.get("og:image:width")).isEqualTo("1280");
        assertThat(photo.get("og:image:height")).isEqualTo("853");
    }

    @Test
    void an_unlisted_album_shows_its_preview_only_through_its_link() throws IOException {
        HttpResponse<String> withoutKey = visitor.get("/a/" + family.album().slug());
        assertThat(withoutKey.statusCode()).isEqualTo(404);
        assertThat(tags(withoutKey.body())).doesNotContainKeys("og:title", "og:image");

        Map<String, String> album = previewOf(family.album().path());
        assertThat(album).containsEntry("og:title", "Family").containsEntry("og:description", "1 photo");
        assertThat(album.get("og:url")).endsWith("?key=" + family.album().shareKey());
        assertImageFetchable(album);
        assertImageFetchable(previewOf(family.album().photoPath(family.photoIds().get("IMG_0003.jpg"))));
    }

    @Test
    void a_private_album_exposes_nothing_not_even_to_its_owner_pasting_the_link() {
        HttpResponse<String> anonymous = visitor.get(secret.path());
        assertThat(anonymous.statusCode()).isEqualTo(404);
        assertThat(anonymous.body()).doesNotContain("Secret plans", "og:");

        HttpSession owner = new Fixtures(app).signedIn();
        HttpResponse<String> page = owner.get(secret.path());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Secret plans").doesNotContain("og:", "twitter:", "name=\"description\"");
        HttpResponse<String> photo = owner.get(secret.album().photoPath(secret.photoIds().get("IMG_0004.jpg")));
        assertThat(photo.body()).doesNotContain("og:", "twitter:");
    }

    @Test
    void an_unknown_address_gets_the_styled_not_found_page() {
        for (String path : List.of("/no/such/page", "/a/no-such-album", "/a/" + coast.album().slug() + "/999999")) {
            HttpResponse<String> response = visitor.get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(response.headers().firstValue("Content-Type").orElse("")).as(path).startsWith("text/html");
            assertThat(response.body()).as(path)
                    .contains("<link rel=\"stylesheet\" href=\"" + org.vitrine.web.Assets.url("css/vitrine.css") + "\">", "<h1>Not found</h1>",
                            "href=\"/\"");
        }
    }

    private Map<String, String> previewOf(String path) {
        HttpResponse<String> response = visitor.get(path);
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        Map<String, String> tags = tags(response.body());
        assertThat(tags).as(path).containsKeys("description", "og:title", "og:description", "og:image",
                "og:image:width", "og:image:height", "twitter:card");
        assertThat(tags.get("description")).as(path).isNotBlank();
        return tags;
    }

    private void assertImageFetchable(Map<String, String> tags) throws IOException {
        URI image = URI.create(tags.get("og:image"));
        assertThat(image.isAbsolute()).as(image.toString()).isTrue();
        assertThat(image.toString()).startsWith(TestApp.baseUrl(app).toString() + "/media/d/");
        // As a chat app fetches it: no cookie, so an unlisted album's image carries its link's key in the URL.
        String pathAndQuery = image.getRawPath() + (image.getRawQuery() == null ? "" : "?" + image.getRawQuery());
        HttpResponse<byte[]> response = new HttpSession(TestApp.baseUrl(app)).getBytes(pathAndQuery, Map.of());
        assertThat(response.statusCode()).as(image.toString()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("image/jpeg");
        var decoded = ImageIO.read(new ByteArrayInputStream(response.body()));
        assertThat(decoded.getWidth()).isEqualTo(Integer.parseInt(tags.get("og:image:width")));
        assertThat(decoded.getHeight()).isEqualTo(Integer.parseInt(tags.get("og:image:height")));
    }

    /** The page's meta tags by name or property, with HTML entities decoded as a preview crawler does. */
    static Map<String, String> tags(String html) {
        Map<String, String> tags = new LinkedHashMap<>();
        Matcher m = META.matcher(html);
        while (m.find()) {
            tags.putIfAbsent(m.group(1), unescape(m.group(2)));
        }
        return tags;
    }

    private static String unescape(String text) {
        return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#34;", "\"")
                .replace("&#39;", "'").replace("&#x27;", "'").replace("&amp;", "&");
    }
}
