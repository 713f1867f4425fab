package org.vitrine.feed;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.vitrine.App;
import org.vitrine.access.Visibility;
import org.vitrine.album.Album;
import org.vitrine.photo.PhotoStatus;
import org.vitrine.photo.Pictures;
import org.vitrine.testing.Eventually;
import org.vitrine.testing.Fixtures;
import org.vitrine.testing.GeneratedPhotos;
import org.vitrine.testing.HttpSession;
import org.vitrine.testing.TestApp;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.StringReader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Atom feeds, sitemap.xml and robots.txt through the real server, read with a real XML parser: public albums
 * are fed and listed, unlisted and private ones nowhere, and unlisted pages ask not to be indexed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FeedsAndSitemapTest {
    private static final String ATOM = "http://www.w3.org/2005/Atom";
    private static final String XHTML = "http://www.w3.org/1999/xhtml";
    private static final String SITEMAPS = "http://www.sitemaps.org/schemas/sitemap/0.9";
    private static final String PHOTO_TITLE = "Fog & the <lighthouse> \"at dawn\"";
    private static final String CAPTION = "Taken from the pier <script>alert(1)</script>\u0001 before breakfast";
    private static final String FILE_NAME = "IMG_4242-camera-counter.jpg";
    private static final Pattern NOINDEX = Pattern.compile("<meta name=\"robots\" content=\"noindex\">");
    private static final Pattern FEED_LINK = Pattern.compile(
            "<link rel=\"alternate\" type=\"application/atom\\+xml\" title=\"[^\"]*\" href=\"([^\"]+)\">");

    @TempDir
    static Path dataDir;
    @TempDir
    static Path files;

    private App app;
    private HttpSession owner;
    private HttpSession visitor;
    private Album harbour;
    private Album unlisted;
    private Album hidden;
    private final List<Long> harbourPhotos = new ArrayList<>();
    private long unlistedPhoto;

    @BeforeAll
    void start() {
        app = TestApp.start(dataDir);
        var fx = new Fixtures(app);
        owner = fx.signedIn();
        visitor = new HttpSession(app.config().baseUrl());
        harbour = fx.album("Harbour & <Sea>", Visibility.PUBLIC);
        unlisted = fx.album("Secret wedding", Visibility.UNLISTED);
        hidden = fx.album("Private diary", Visibility.PRIVATE);
        for (int i = 0; i < 3; i++) {
            harbourPhotos.add(upload(harbour, i == 0 ? FILE_NAME : "harbour-" + i + ".jpg", i));
        }
        unlistedPhoto = upload(unlisted, "wedding.jpg", 10);
        upload(hidden, "diary.jpg", 11);
        Eventually.until("photos processed", () -> app.photos().idsWithStatus(PhotoStatus.PROCESSING).isEmpty());
        app.photos().updateText(harbourPhotos.get(1), PHOTO_TITLE, CAPTION);
    }

    @AfterAll
    void stop() {
        app.close();
    }

    private long upload(Album album, String name, int seed) {
        owner.csrfFrom("/admin/albums/" + album.id());
        Path file = GeneratedPhotos.jpeg(files.resolve(seed + ".jpg"), 320 + seed, 240, seed);
        var response = owner.upload("/admin/albums/" + album.id() + "/photos", List.of(file), List.of(name));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return HttpSession.parse(response.body()).get("results").get(0).get("photoId").asLong();
    }

    @Test
    void a_public_album_s_feed_is_valid_atom_with_its_photos_newest_first_and_fetchable_enclosures() throws Exception {
        var response = visitor.get("/a/" + harbour.slug() + "/feed.atom");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/atom+xml");
        assertThat(response.headers().firstValue("Cache-Control").orElse("")).startsWith("public").contains("max-age");
        Element feed = validAtom(response.body());
        assertThat(text(feed, "title")).isEqualTo(harbour.title());
        assertThat(text(feed, "id")).isEqualTo(absolute("/a/" + harbour.slug() + "/feed.atom"));

        List<Element> entries = children(feed, "entry");
        assertThat(entries).hasSize(3);
        List<String> expectedPages = harbourPhotos.reversed().stream()
                .map(id -> absolute("/a/" + harbour.slug() + "/" + id)).toList();
        assertThat(entries.stream().map(e -> link(e, "alternate")).toList()).isEqualTo(expectedPages);
        assertThat(entries.stream().map(e -> text(e, "title")).toList())
                .containsExactly(harbour.title(), PHOTO_TITLE, harbour.title());
        assertThat(response.body()).doesNotContain("IMG_4242", "<script>", "\u0001");
        for (Element entry : entries) {
            assertEnclosureIsAnImageAnyoneMayFetch(entry);
        }
        Element summary = children(entries.get(1), "summary").getFirst();
        assertThat(summary.getAttribute("type")).isEqualTo("xhtml");
        assertThat(summary.getElementsByTagNameNS(XHTML, "img").getLength()).isEqualTo(1);
        assertThat(summary.getTextContent()).contains("Taken from the pier <script>alert(1)</script> before");
    }

    @Test
    void the_site_feed_has_the_public_album_and_its_photos_and_nothing_of_unlisted_or_private_albums()
            throws Exception {
        var response = visitor.get("/feed.atom");
        assertThat(response.statusCode()).isEqualTo(200);
        Element feed = validAtom(response.body());
        List<String> links = children(feed, "entry").stream().map(e -> link(e, "alternate")).toList();
        assertThat(links).contains(absolute("/a/" + harbour.slug()));
        assertThat(links).containsAll(harbourPhotos.stream()
                .map(id -> absolute("/a/" + harbour.slug() + "/" + id)).toList());
        assertThat(response.body()).doesNotContain(unlisted.slug(), unlisted.title(), unlisted.shareKey(),
                hidden.slug(), hidden.title(), FILE_NAME);
        for (Element entry : children(feed, "entry")) {
            assertEnclosureIsAnImageAnyoneMayFetch(entry);
        }
    }

    @Test
    void unlisted_and_private_albums_have_no_feed_even_for_a_link_holder() {
        for (Album album : List.of(unlisted, hidden)) {
            assertThat(visitor.get("/a/" + album.slug() + "/feed.atom").statusCode()).as(album.title()).isEqualTo(404);
            String withKey = "/a/" + album.slug() + "/feed.atom?key="
                    + URLEncoder.encode(album.shareKey(), StandardCharsets.UTF_8);
            assertThat(visitor.get(withKey).statusCode()).as(album.title()).isEqualTo(404);
        }
        assertThat(visitor.get("/a/no-such-album/feed.atom").statusCode()).isEqualTo(404);
    }

    @Test
    void home_and_public_album_pages_link_their_feeds_and_unlisted_pages_do_not() throws Exception {
        String home = visitor.get("/").body();
        String album = visitor.get("/a/" + harbour.slug()).body();
        assertThat(feedLink(home)).isEqualTo("/feed.atom");
        assertThat(feedLink(album)).isEqualTo("/a/" + harbour.slug() + "/feed.atom");
        validAtom(visitor.get(feedLink(album)).body());
        assertThat(FEED_LINK.matcher(visitor.get(unlisted.path()).body()).find()).isFalse();
        // The owner looking at their private album is not offered a feed a reader could not fetch.
        assertThat(FEED_LINK.matcher(owner.get(hidden.path()).body()).find()).isFalse();
    }

    @Test
    void the_sitemap_lists_home_the_public_album_and_its_photo_pages_only() throws Exception {
        var response = visitor.get("/sitemap.xml");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/xml");
        Document doc = parse(response.body());
        Element urlset = doc.getDocumentElement();
        assertThat(urlset.getNamespaceURI()).isEqualTo(SITEMAPS);
        assertThat(urlset.getLocalName()).isEqualTo("urlset");
        NodeList locs = urlset.getElementsByTagNameNS(SITEMAPS, "loc");
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < locs.getLength(); i++) {
            urls.add(locs.item(i).getTextContent());
        }
        List<String> expected = new ArrayList<>(List.of(absolute("/"), absolute("/a/" + harbour.slug())));
        harbourPhotos.forEach(id -> expected.add(absolute("/a/" + harbour.slug() + "/" + id)));
        assertThat(urls).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(response.body()).doesNotContain(unlisted.slug(), hidden.slug());
    }

    @Test
    void robots_txt_keeps_crawlers_out_of_the_owner_s_pages_and_points_at_the_sitemap() {
        var response = visitor.get("/robots.txt");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(response.body().lines().toList()).contains("User-agent: *", "Disallow: /admin",
                "Disallow: /login", "Disallow: /setup", "Disallow: /api", "Allow: /",
                "Sitemap: " + absolute("/sitemap.xml"));
    }

    @Test
    void unlisted_album_and_photo_pages_ask_not_to_be_indexed_and_public_pages_do_not() {
        String key = "?key=" + URLEncoder.encode(unlisted.shareKey(), StandardCharsets.UTF_8);
        var unlistedAlbum = visitor.get("/a/" + unlisted.slug() + key);
        var unlistedPhotoPage = visitor.get("/a/" + unlisted.slug() + "/" + unlistedPhoto + key);
        assertThat(unlistedAlbum.statusCode()).isEqualTo(200);
        assertThat(unlistedPhotoPage.statusCode()).isEqualTo(200);
        assertThat(NOINDEX.matcher(unlistedAlbum.body()).find()).isTrue();
        assertThat(NOINDEX.matcher(unlistedPhotoPage.body()).find()).isTrue();

        for (String path : List.of("/", "/a/" + harbour.slug(), "/a/" + harbour.slug() + "/" + harbourPhotos.get(1))) {
            var page = visitor.get(path);
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(NOINDEX.matcher(page.body()).find()).as(path).isFalse();
        }
    }

    @Test
    void images_of_unlisted_albums_ask_not_to_be_indexed_and_public_ones_do_not() {
        String unlistedImage = app.photos().derivatives(unlistedPhoto).getFirst().url();
        String unlistedOriginal = Pictures.originalUrl(app.photos().find(unlistedPhoto).orElseThrow());
        for (String url : List.of(unlistedImage, unlistedOriginal)) {
            var response = visitor.getBytes(url, Map.of());
            assertThat(response.statusCode()).as(url).isEqualTo(200);
            assertThat(response.headers().allValues("X-Robots-Tag")).as(url).containsExactly("noindex");
        }
        var publicImage = visitor.getBytes(app.photos().derivatives(harbourPhotos.getFirst()).getFirst().url(),
                Map.of());
        assertThat(publicImage.statusCode()).isEqualTo(200);
        assertThat(publicImage.headers().allValues("X-Robots-Tag")).isEmpty();
    }

    private void assertEnclosureIsAnImageAnyoneMayFetch(Element entry) {
        Element enclosure = children(entry, "link").stream()
                .filter(l -> l.getAttribute("rel").equals("enclosure")).findFirst()
                .orElseThrow(() -> new AssertionError("no enclosure in " + text(entry, "title")));
        assertThat(enclosure.getAttribute("type")).isEqualTo("image/jpeg");
        String href = enclosure.getAttribute("href");
        assertThat(href).startsWith(absolute("/media/d/"));
        var image = new HttpSession(app.config().baseUrl()).getBytes(href, Map.of());
        assertThat(image.statusCode()).as(href).isEqualTo(200);
        assertThat(image.headers().firstValue("Content-Type").orElse("")).isEqualTo("image/jpeg");
        assertThat(Long.parseLong(enclosure.getAttribute("length"))).isEqualTo(image.body().length);
    }

    /** The feed element, after checking what RFC 4287 requires of a feed and of each entry. */
    private static Element validAtom(String body) throws Exception {
        Element feed = parse(body).getDocumentElement();
        assertThat(feed.getNamespaceURI()).isEqualTo(ATOM);
        assertThat(feed.getLocalName()).isEqualTo("feed");
        for (String required : List.of("id", "title", "updated")) {
            assertThat(children(feed, required)).as("feed/" + required).hasSize(1);
        }
        Instant.parse(text(feed, "updated"));
        assertThat(children(feed, "author")).as("an author for the entries").isNotEmpty();
        for (Element entry : children(feed, "entry")) {
            for (String required : List.of("id", "title", "updated")) {
                assertThat(children(entry, required)).as("entry/" + required).hasSize(1);
                assertThat(text(entry, required)).as("entry/" + required).isNotBlank();
            }
            Instant.parse(text(entry, "updated"));
            assertThat(link(entry, "alternate")).startsWith("http");
        }
        return feed;
    }

    private static Document parse(String xml) throws Exception {
        var factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        for (var node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element e && ATOM.equals(e.getNamespaceURI()) && e.getLocalName().equals(name)) {
                found.add(e);
            }
        }
        return found;
    }

    private static String text(Element parent, String name) {
        return children(parent, name).getFirst().getTextContent();
    }

    private static String link(Element entry, String rel) {
        return children(entry, "link").stream().filter(l -> l.getAttribute("rel").equals(rel))
                .map(l -> l.getAttribute("href")).findFirst().orElse("");
    }

    private static String feedLink(String html) {
        var m = FEED_LINK.matcher(html);
        assertThat(m.find()).as("a feed link").isTrue();
        return m.group(1);
    }

    private String absolute(String path) {
        return app.config().baseUrl().resolve(path).toString();
    }
}
