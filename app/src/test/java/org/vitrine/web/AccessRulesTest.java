package org.vitrine.web;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.vitrine.App;
import org.vitrine.access.LinkOptions;
import org.vitrine.access.Resource;
import org.vitrine.access.Visibility;
import org.vitrine.album.Album;
import org.vitrine.photo.Photo;
import org.vitrine.photo.PhotoDao;
import org.vitrine.photo.PhotoFailure;
import org.vitrine.photo.PhotoStatus;
import org.vitrine.photo.Pictures;
import org.vitrine.testing.Eventually;
import org.vitrine.testing.Fixtures;
import org.vitrine.testing.GeneratedPhotos;
import org.vitrine.testing.HttpSession;
import org.vitrine.testing.TestApp;
import org.vitrine.user.PasswordHasher;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may see what, as a table through the real server: every kind of viewer × every visibility × every kind of
 * resource, expected 200 or 404. Every new kind of viewer, visibility or resource (share links, passwords,
 * comments, places, feeds...) must be added to {@link #TABLE}; the table test fails while a combination is
 * missing. Also: no state changes without a CSRF token, images are cacheable as they should be, and visitors
 * never read internals (why a photo failed).
 *
 * <p>All photos are generated: this test needs nothing from the shared test photos.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessRulesTest {
    /**
     * The access table. "listing" is membership of /api/albums: 200 means the album is listed for that viewer,
     * 404 that it is not. A link holder presents a live share link's key; a wrong key is someone else's guess.
     * The other link columns present a link that expired, was revoked, has a password not given (locked) or given
     * (unlocked), or lets its holders see the photos only (no originals, places or camera details). Pages and the
     * API tell a holder of a dead link so (410) and ask for a missing password (401); images only ever refuse (404).
     */
    private static final String TABLE = """
            visibility  resource     owner  link-holder  wrong-key  anonymous  expired  revoked  locked  unlocked  photos-only
            public      album-page   200    200          200        200        200      200      401     200       200
            public      photo-page   200    200          200        200        200      200      401     200       200
            public      derivative   200    200          200        200        200      200      404     200       200
            public      original     200    200          200        200        200      200      404     200       200
            public      api-album    200    200          200        200        200      200      401     200       200
            public      listing      200    200          200        200        200      200      200     200       200
            public      feed         200    200          200        200        200      200      401     200       200
            public      place-search 200    404          404        404        404      404      404     404       404
            unlisted    album-page   200    200          404        404        410      410      401     200       200
            unlisted    photo-page   200    200          404        404        410      410      401     200       200
            unlisted    derivative   200    200          404        404        404      404      404     200       200
            unlisted    original     200    200          404        404        404      404      404     200       404
            unlisted    api-album    200    200          404        404        410      410      401     200       200
            unlisted    listing      200    404          404        404        404      404      404     404       404
            unlisted    feed         200    404          404        404        404      404      404     404       404
            unlisted    place-search 200    404          404        404        404      404      404     404       404
            private     album-page   200    404          404        404        404      404      404     404       404
            private     photo-page   200    404          404        404        404      404      404     404       404
            private     derivative   200    404          404        404        404      404      404     404       404
            private     original     200    404          404        404        404      404      404     404       404
            private     api-album    200    404          404        404        404      404      404     404       404
            private     listing      200    404          404        404        404      404      404     404       404
            private     feed         200    404          404        404        404      404      404     404       404
            private     place-search 200    404          404        404        404      404      404     404       404
            """;

    /** A kind of viewer, as a column of the table. */
    enum ViewerKind {
        OWNER, LINK_HOLDER, WRONG_KEY, ANONYMOUS, EXPIRED, REVOKED, LOCKED, UNLOCKED, PHOTOS_ONLY
    }

    private static final String LINK_PASSWORD = "a link password";

    private static final String INTERNAL_REASON = "VipsForeignLoad: /srv/vitrine/data/originals/ab/cd.jpg is truncated";

    @TempDir
    static Path dataDir;
    @TempDir
    static Path files;

    private App app;
    private Fixtures fx;
    private HttpSession owner;
    private HttpSession visitor;
    private final Map<Visibility, Album> albums = new EnumMap<>(Visibility.class);
    /** The key each kind of viewer presents, by album. */
    private final Map<Visibility, Map<ViewerKind, String>> keys = new EnumMap<>(Visibility.class);
    /** One browser per kind of viewer: the cookies one kind gets (a link's key, an unlock) are not another's. */
    private final Map<ViewerKind, HttpSession> browsers = new EnumMap<>(ViewerKind.class);

    @BeforeAll
    void start() {
        app = TestApp.start(dataDir);
        fx = new Fixtures(app);
        owner = fx.signedIn();
        visitor = new HttpSession(app.config().baseUrl());
        for (Visibility visibility : Visibility.values()) {
            Album album = fx.album("Album " + visibility.code(), visibility);
            albums.put(visibility, album);
            upload(album, GeneratedPhotos.jpeg(files.resolve(visibility.code() + ".jpg"), 320, 240,
                    visibility.ordinal()), visibility.code() + ".jpg");
        }
        waitForReady();
        String hash = new PasswordHasher().hash(LINK_PASSWORD);
        long now = System.currentTimeMillis();
        var everything = new LinkOptions(true, true, true, false, false);
        for (Visibility visibility : Visibility.values()) {
            Album album = albums.get(visibility);
            var links = app.shareLinks();
            Map<ViewerKind, String> byKind = new EnumMap<>(ViewerKind.class);
            byKind.put(ViewerKind.LINK_HOLDER, album.shareKey());
            byKind.put(ViewerKind.WRONG_KEY, "not-the-key");
            byKind.put(ViewerKind.EXPIRED, key(visibility, "expired"));
            links.create(album.id(), byKind.get(ViewerKind.EXPIRED), "expired", null, now - 1000, everything);
            byKind.put(ViewerKind.REVOKED, key(visibility, "revoked"));
            links.revoke(links.find(links.create(album.id(), byKind.get(ViewerKind.REVOKED), "revoked", null, null,
                    everything)).orElseThrow());
            byKind.put(ViewerKind.LOCKED, key(visibility, "locked"));
            links.create(album.id(), byKind.get(ViewerKind.LOCKED), "locked", hash, null, everything);
            byKind.put(ViewerKind.UNLOCKED, key(visibility, "unlocked"));
            long unlocked = links.create(album.id(), byKind.get(ViewerKind.UNLOCKED), "unlocked", hash, null,
                    everything);
            byKind.put(ViewerKind.PHOTOS_ONLY, key(visibility, "photos-only"));
            links.create(album.id(), byKind.get(ViewerKind.PHOTOS_ONLY), "photos only", null, null,
                    new LinkOptions(false, false, false, false, false));
            keys.put(visibility, byKind);
            for (ViewerKind kind : ViewerKind.values()) {
                browsers.computeIfAbsent(kind, k -> k == ViewerKind.OWNER ? owner
                        : new HttpSession(app.config().baseUrl()));
            }
            if (visibility != Visibility.PRIVATE) {
                // Through the password prompt, as a visitor does.
                HttpSession browser = browsers.get(ViewerKind.UNLOCKED);
                String page = "/a/" + album.slug() + "?key=" + byKind.get(ViewerKind.UNLOCKED);
                browser.csrfFrom(page);
                var answer = browser.postForm("/a/" + album.slug() + "/unlock",
                        Map.of("lock", "l" + unlocked, "password", LINK_PASSWORD, "return", page));
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(303);
            }
        }
    }

    private static String key(Visibility visibility, String kind) {
        return "test-key-" + visibility.code() + "-" + kind;
    }

    @AfterAll
    void stop() {
        app.close();
    }

    private long upload(Album album, Path file, String name) {
        owner.csrfFrom("/admin/albums/" + album.id());
        var response = owner.upload("/admin/albums/" + album.id() + "/photos", List.of(file), List.of(name));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return HttpSession.parse(response.body()).get("results").get(0).get("photoId").asLong();
    }

    private void waitForReady() {
        Eventually.until("photos processed", () -> app.photos().idsWithStatus(PhotoStatus.PROCESSING).isEmpty());
    }

    private record Cell(Visibility visibility, Resource resource, ViewerKind viewer, int expected) {
        String name() {
            return visibility.code() + " × " + resource.name().toLowerCase(Locale.ROOT) + " × "
                    + viewer.name().toLowerCase(Locale.ROOT) + " → " + expected;
        }
    }

    private static List<Cell> cells() {
        List<Cell> cells = new ArrayList<>();
        var lines = TABLE.strip().lines().toList();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.trim().split("\\s+");
            Visibility visibility = Visibility.parse(f[0]);
            Resource resource = Resource.valueOf(f[1].toUpperCase(Locale.ROOT).replace('-', '_'));
            for (ViewerKind viewer : ViewerKind.values()) {
                cells.add(new Cell(visibility, resource, viewer, Integer.parseInt(f[2 + viewer.ordinal()])));
            }
        }
        return cells;
    }

    @Test
    void the_table_names_every_visibility_resource_and_viewer_exactly_once() {
        Map<String, Integer> seen = new LinkedHashMap<>();
        cells().forEach(c -> seen.merge(c.visibility() + "/" + c.resource() + "/" + c.viewer(), 1, Integer::sum));
        List<String> expected = new ArrayList<>();
        for (Visibility v : Visibility.values()) {
            for (Resource r : Resource.values()) {
                for (ViewerKind k : ViewerKind.values()) {
                    expected.add(v + "/" + r + "/" + k);
                }
            }
        }
        assertThat(seen.keySet()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(seen.values()).containsOnly(1);
    }

    @TestFactory
    Stream<DynamicTest> each_viewer_sees_each_resource_of_each_visibility_as_the_table_says() {
        return cells().stream().map(cell -> DynamicTest.dynamicTest(cell.name(),
                () -> assertThat(statusFor(cell.viewer(), albums.get(cell.visibility()), cell.resource()))
                        .as(cell.name()).isEqualTo(cell.expected())));
    }

    /** What this viewer gets for this resource of this album: 200 or 404 (for a listing: listed or not). */
    private int statusFor(ViewerKind viewer, Album album, Resource resource) {
        HttpSession session = browsers.get(viewer);
        String key = keys.get(album.visibility()).get(viewer);
        Photo photo = app.photos().listByAlbum(album.id()).getFirst();
        String path = switch (resource) {
            case ALBUM_PAGE -> "/a/" + album.slug();
            case PHOTO_PAGE -> "/a/" + album.slug() + "/" + photo.id();
            case DERIVATIVE -> app.photos().derivatives(photo.id()).getFirst().url();
            case ORIGINAL -> Pictures.originalUrl(photo);
            case API_ALBUM -> "/api/albums/" + album.slug();
            case LISTING -> "/api/albums";
            case FEED -> "/a/" + album.slug() + "/feed.atom";
            // Not of an album: the owner's tool, the same for every album's row; a share key opens nothing.
            case PLACE_SEARCH -> "/api/places?q=basel";
        };
        String url = key == null ? path
                : path + (path.contains("?") ? "&" : "?") + "key=" + URLEncoder.encode(key, StandardCharsets.UTF_8);
        var response = session.getBytes(url, Map.of());
        if (resource == Resource.LISTING) {
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode list = HttpSession.parse(new String(response.body(), StandardCharsets.UTF_8)).get("albums");
            boolean listed = false;
            for (JsonNode a : list) {
                listed |= a.get("slug").asText().equals(album.slug());
            }
            return listed ? 200 : 404;
        }
        return response.statusCode();
    }

    @Test
    void the_home_page_lists_public_albums_only_even_for_the_owner() {
        for (HttpSession session : List.of(visitor, owner)) {
            String home = session.get("/").body();
            assertThat(home).contains(albums.get(Visibility.PUBLIC).title());
            assertThat(home).doesNotContain(albums.get(Visibility.UNLISTED).title(),
                    albums.get(Visibility.PRIVATE).title());
        }
    }

    @Test
    void a_public_album_s_images_are_cacheable_and_answer_conditional_range_and_head_requests() {
        Photo photo = app.photos().listByAlbum(albums.get(Visibility.PUBLIC).id()).getFirst();
        String url = app.photos().derivatives(photo.id()).getFirst().url();
        var first = visitor.getBytes(url, Map.of());
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("Cache-Control").orElse("")).startsWith("public").contains("immutable");
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
    void images_of_unlisted_and_private_albums_are_kept_by_no_shared_cache() {
        for (Visibility visibility : List.of(Visibility.UNLISTED, Visibility.PRIVATE)) {
            Photo photo = app.photos().listByAlbum(albums.get(visibility).id()).getFirst();
            var response = owner.getBytes(Pictures.originalUrl(photo), Map.of());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Cache-Control").orElse("")).as(visibility.code())
                    .startsWith("private");
        }
    }

    @Test
    void why_a_photo_failed_is_shown_to_the_owner_and_visitors_only_read_that_it_failed() {
        Album album = fx.album("Failures", Visibility.PUBLIC);
        long id = upload(album, GeneratedPhotos.jpeg(files.resolve("fails.jpg"), 200, 150, 99), "fails.jpg");
        Eventually.until("the photo processed",
                () -> app.photos().find(id).orElseThrow().status() == PhotoStatus.READY);
        app.photos().markFailed(id, PhotoFailure.UNDECODABLE, INTERNAL_REASON);

        String visitorAlbum = visitor.get("/a/" + album.slug()).body();
        assertThat(visitorAlbum).contains("tile--failed", Photo.NOT_PROCESSED).doesNotContain("VipsForeignLoad");
        assertThat(visitor.get("/a/" + album.slug() + "/" + id).body()).doesNotContain("VipsForeignLoad");
        JsonNode visitorJson = visitor.json("/api/albums/" + album.slug()).get("photos").get(0);
        assertThat(visitorJson.get("status").asText()).isEqualTo("failed");
        assertThat(visitorJson.get("error").asText()).isEqualTo(Photo.NOT_PROCESSED);

        assertThat(owner.get("/a/" + album.slug()).body()).contains("VipsForeignLoad");
        assertThat(owner.get("/a/" + album.slug() + "/" + id).body()).contains("VipsForeignLoad");
        assertThat(owner.json("/api/albums/" + album.slug()).get("photos").get(0).get("error").asText())
                .isEqualTo(INTERNAL_REASON);
    }

    @Test
    void bidirectional_controls_in_a_file_name_are_neither_stored_nor_offered_as_the_download_name() {
        Album album = fx.album("Names", Visibility.PUBLIC);
        String spoof = "holiday\u202Egpj.exe";
        long id = upload(album, GeneratedPhotos.jpeg(files.resolve("names.jpg"), 200, 150, 7), spoof);
        Photo stored = app.photos().find(id).orElseThrow();
        assertThat(stored.originalName()).isEqualTo("holidaygpj.exe");

        // A name stored before the fix still leaves the server clean.
        long old = app.photos().insert(new PhotoDao.NewPhoto(album.id(), "f".repeat(64), stored.originalKey(),
                "old\u2067name\u202E.jpg", stored.format(), stored.byteSize(), stored.metadata(), 0));
        app.photos().markReady(old, List.of());
        var response = visitor.getBytes("/media/o/" + old + "/" + "f".repeat(16) + ".jpg", Map.of());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Disposition").orElseThrow())
                .isEqualTo("inline; filename*=UTF-8''oldname.jpg");
    }

    @Test
    void a_form_post_without_a_csrf_token_is_refused_and_changes_nothing() {
        int before = app.albums().listAll().size();
        var response = owner.postFormRaw("/admin/albums", Map.of("title", "Sneaky", "visibility", "public"));
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("Reload the page");
        var wrong = owner.postFormRaw("/admin/albums", Map.of("title", "Sneaky", "visibility", "public",
                "_csrf", "not-the-token"));
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(app.albums().listAll()).hasSize(before);
    }

    @Test
    void admin_pages_send_a_visitor_to_sign_in() {
        var response = visitor.get("/admin");
        assertThat(response.statusCode()).isEqualTo(303);
        assertThat(response.headers().firstValue("Location").orElse("")).startsWith("/login");
    }

    @Test
    void an_uploaded_html_file_is_never_served_as_a_page() throws IOException {
        Path html = Files.writeString(files.resolve("not-an-image_html.jpg"),
                "<!DOCTYPE html><html><body><script>alert(1)</script></body></html>\n");
        Album album = albums.get(Visibility.PUBLIC);
        owner.csrfFrom("/admin/albums/" + album.id());
        var response = owner.upload("/admin/albums/" + album.id() + "/photos", html);
        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.body()).contains("not an image");
    }
}
