package org.vitrine.share;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.vitrine.App;
import org.vitrine.access.Visibility;
import org.vitrine.album.Album;
import org.vitrine.photo.Photo;
import org.vitrine.photo.PhotoStatus;
import org.vitrine.photo.Pictures;
import org.vitrine.site.SiteSettings;
import org.vitrine.web.Assets;
import org.vitrine.testing.Eventually;
import org.vitrine.testing.Fixtures;
import org.vitrine.testing.GeneratedPhotos;
import org.vitrine.testing.HttpSession;
import org.vitrine.testing.TestApp;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Share links and album passwords through the real server, as the owner makes them in the admin page and as
 * visitors meet them: options that hide camera details and places everywhere (pages, API, download names), the
 * page of a revoked link, replacing a link, views, passwords (hashed, rate-limited) and old album addresses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ShareLinksTest {
    private static final String FILE_NAME = "DSC_0042-holiday.jpg";

    @TempDir
    static Path dataDir;
    @TempDir
    static Path files;

    private App app;
    private Fixtures fx;
    private HttpSession owner;
    private int seed;

    @BeforeAll
    void start() {
        app = TestApp.start(dataDir);
        fx = new Fixtures(app);
        owner = fx.signedIn();
    }

    @AfterAll
    void stop() {
        app.close();
    }

    @Test
    void a_link_without_camera_details_hides_them_and_the_file_name_everywhere_it_reaches() {
        Album album = fx.album("Hidden details", Visibility.UNLISTED);
        Photo photo = readyPhotoIn(album);
        app.database().jdbi().useHandle(h -> h.execute("UPDATE photos SET camera_make = 'Nikon', "
                + "camera_model = 'D70', lens = 'Nikkor 50mm', latitude = 48.8584, longitude = 2.2945 WHERE id = ?",
                photo.id()));
        String plain = createLink(album, Map.of("label", "Plain", "expiresInDays", "0", "originals", "on"));
        String full = createLink(album, Map.of("label", "Full", "expiresInDays", "0", "originals", "on",
                "camera", "on", "location", "on"));

        HttpSession visitor = new HttpSession(app.config().baseUrl());
        String page = visitor.get("/a/" + album.slug() + "/" + photo.id() + "?key=" + plain).body();
        assertThat(page).doesNotContain(FILE_NAME, "D70", "Nikkor", "48.858");
        JsonNode json = visitor.json("/api/albums/" + album.slug() + "?key=" + plain).get("photos").get(0);
        assertThat(json.get("camera").isNull()).isTrue();
        assertThat(json.get("lens").isNull()).isTrue();
        assertThat(json.get("location").isNull()).isTrue();
        assertThat(json.toString()).doesNotContain(FILE_NAME, "D70");
        var original = visitor.getBytes(Pictures.originalUrl(photo) + "?key=" + plain, Map.of());
        assertThat(original.statusCode()).isEqualTo(200);
        assertThat(original.headers().firstValue("Content-Disposition").orElseThrow())
                .doesNotContain("DSC").contains(photo.sha256().substring(0, 16));

        HttpSession friend = new HttpSession(app.config().baseUrl());
        String fullPage = friend.get("/a/" + album.slug() + "/" + photo.id() + "?key=" + full).body();
        assertThat(fullPage).contains(FILE_NAME, "D70", "Nikkor");
        assertThat(friend.json("/api/albums/" + album.slug() + "?key=" + full).get("photos").get(0)
                .get("location").get("lat").asDouble()).isEqualTo(48.8584);
        assertThat(friend.getBytes(Pictures.originalUrl(photo) + "?key=" + full, Map.of()).headers()
                .firstValue("Content-Disposition").orElseThrow()).contains("DSC_0042");
    }

    @Test
    void a_revoked_link_gets_a_clear_page_and_a_replaced_link_works_in_its_place() {
        Album album = fx.album("Revoked", Visibility.UNLISTED);
        readyPhotoIn(album);
        var first = app.shareLinks().listByAlbum(album.id()).getFirst();
        HttpSession visitor = new HttpSession(app.config().baseUrl());
        assertThat(visitor.get(album.path()).statusCode()).isEqualTo(200);

        owner.csrfFrom("/admin/albums/" + album.id());
        assertThat(owner.postForm("/admin/links/" + first.id() + "/replace", Map.of()).statusCode()).isEqualTo(303);

        var gone = visitor.get(album.path());
        assertThat(gone.statusCode()).isEqualTo(410);
        assertThat(gone.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(gone.body()).contains("<link rel=\"stylesheet\" href=\"" + Assets.url("css/vitrine.css") + "\">",
                "This link no longer works", "revoked or has expired").doesNotContain(album.title());
        var api = visitor.get("/api/albums/" + album.slug() + "?key=" + first.key());
        assertThat(api.statusCode()).isEqualTo(410);

        Album now = app.albums().find(album.id()).orElseThrow();
        assertThat(now.shareKey()).isNotEqualTo(first.key());
        assertThat(new HttpSession(app.config().baseUrl()).get(now.path()).statusCode()).isEqualTo(200);
        assertThat(app.shareLinks().listByAlbum(album.id())).extracting(ShareLink::label)
                .containsExactly("First link", "First link");
    }

    @Test
    void the_owner_sees_each_link_s_views_and_the_dialog_offers_the_site_s_default_expiry() {
        Album album = fx.album("Counted", Visibility.UNLISTED);
        new SiteSettings(app.database().jdbi()).setShareLinkExpiryDays(7);
        String key = createLink(album, Map.of("label", "For Grandma", "expiresInDays", "7"));
        HttpSession grandma = new HttpSession(app.config().baseUrl());
        for (int i = 0; i < 3; i++) {
            assertThat(grandma.get("/a/" + album.slug() + "?key=" + key).statusCode()).isEqualTo(200);
        }
        var link = app.shareLinks().listByAlbum(album.id()).stream().filter(l -> l.key().equals(key)).findFirst()
                .orElseThrow();
        assertThat(link.viewCount()).isEqualTo(3);
        assertThat(link.lastViewedAt()).isNotNull();
        assertThat(link.expiresAt()).isBetween(System.currentTimeMillis() + 6L * 86_400_000,
                System.currentTimeMillis() + 7L * 86_400_000);
        String admin = owner.get("/admin/albums/" + album.id()).body();
        assertThat(admin).contains("For Grandma", "Views: <span class=\"share-link__views\">3</span>",
                "name=\"expiresInDays\"", "value=\"7\"", "The site's default is 7 days");
        new SiteSettings(app.database().jdbi()).setShareLinkExpiryDays(SiteSettings.DEFAULT_SHARE_LINK_EXPIRY_DAYS);
    }

    @Test
    void a_link_password_is_stored_hashed_asked_for_and_wrong_guesses_are_slowed_down() {
        Album album = fx.album("Guarded", Visibility.UNLISTED);
        String key = createLink(album, Map.of("label", "Guarded", "expiresInDays", "0",
                "password", "blue heron at dawn"));
        var link = app.shareLinks().listByAlbum(album.id()).stream().filter(l -> l.key().equals(key)).findFirst()
                .orElseThrow();
        assertThat(link.passwordHash()).startsWith("$argon2id$").doesNotContain("heron");

        HttpSession guesser = new HttpSession(app.config().baseUrl());
        String page = "/a/" + album.slug() + "?key=" + key;
        var prompt = guesser.get(page);
        assertThat(prompt.statusCode()).isEqualTo(401);
        assertThat(prompt.body()).contains("This link is protected by a password", "type=\"password\"");
        // The right password opens it (and sets no failure against the address).
        HttpSession friend = new HttpSession(app.config().baseUrl());
        friend.csrfFrom(page);
        var unlocked = friend.postForm("/a/" + album.slug() + "/unlock", Map.of("lock", "l" + link.id(),
                "password", "blue heron at dawn", "return", page));
        assertThat(unlocked.statusCode()).isEqualTo(303);
        assertThat(unlocked.headers().firstValue("Location").orElseThrow()).isEqualTo(page);
        assertThat(friend.get(page).statusCode()).isEqualTo(200);

        guesser.csrfFrom(page);
        int status = 0;
        for (int i = 0; i < 6 && status != 429; i++) {
            status = guesser.postForm("/a/" + album.slug() + "/unlock", Map.of("lock", "l" + link.id(),
                    "password", "wrong guess " + i, "return", page)).statusCode();
        }
        assertThat(status).isEqualTo(429);
        // Even the right password waits its turn once the guesses have run out.
        assertThat(guesser.postForm("/a/" + album.slug() + "/unlock", Map.of("lock", "l" + link.id(),
                "password", "blue heron at dawn", "return", page)).statusCode()).isEqualTo(429);
    }

    @Test
    void an_album_s_old_address_redirects_permanently_to_its_new_one() {
        Album album = fx.album("Moving house", Visibility.PUBLIC);
        Photo photo = readyPhotoIn(album);
        owner.csrfFrom("/admin/albums/" + album.id());
        assertThat(owner.postForm("/admin/albums/" + album.id(), Map.of("title", album.title(),
                "slug", "new-house", "description", "", "visibility", "public")).statusCode()).isEqualTo(303);

        HttpSession visitor = new HttpSession(app.config().baseUrl());
        Map<String, String> moves = new LinkedHashMap<>();
        moves.put("/a/" + album.slug(), "/a/new-house");
        moves.put("/a/" + album.slug() + "/" + photo.id() + "?x=1", "/a/new-house/" + photo.id() + "?x=1");
        moves.put("/api/albums/" + album.slug(), "/api/albums/new-house");
        moves.put("/a/" + album.slug() + "/feed.atom", "/a/new-house/feed.atom");
        for (var move : moves.entrySet()) {
            var response = visitor.get(move.getKey());
            assertThat(response.statusCode()).as(move.getKey()).isEqualTo(301);
            assertThat(response.headers().firstValue("Location").orElseThrow()).isEqualTo(move.getValue());
        }
        assertThat(visitor.get("/a/new-house").statusCode()).isEqualTo(200);
        assertThat(visitor.get("/a/never-was-an-album").statusCode()).isEqualTo(404);
    }

    /** Creates a link through the owner's dialog; returns its key. */
    private String createLink(Album album, Map<String, String> fields) {
        var before = app.shareLinks().listByAlbum(album.id()).stream().map(ShareLink::id).toList();
        owner.csrfFrom("/admin/albums/" + album.id());
        var response = owner.postForm("/admin/albums/" + album.id() + "/links", fields);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(303);
        return app.shareLinks().listByAlbum(album.id()).stream().filter(l -> !before.contains(l.id())).findFirst()
                .orElseThrow().key();
    }

    private Photo readyPhotoIn(Album album) {
        owner.csrfFrom("/admin/albums/" + album.id());
        Path file = GeneratedPhotos.jpeg(files.resolve("photo-" + seed + ".jpg"), 320, 240, seed++);
        var response = owner.upload("/admin/albums/" + album.id() + "/photos", List.of(file), List.of(FILE_NAME));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        long id = HttpSession.parse(response.body()).get("results").get(0).get("photoId").asLong();
        Eventually.until("photo processed", () -> app.photos().find(id).orElseThrow().status() == PhotoStatus.READY);
        return app.photos().find(id).orElseThrow();
    }
}
