package org.vitrine.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import org.junit.jupiter.api.Test;
import org.vitrine.admin.AdminHomePage;
import org.vitrine.storage.mirror.MirrorStatus;
import org.vitrine.album.AlbumCard;
import org.vitrine.album.AlbumFormPage;
import org.vitrine.share.ShareLinksPanel;
import org.vitrine.album.AlbumPage;
import org.vitrine.album.AlbumSummary;
import org.vitrine.album.HomePage;
import org.vitrine.jobs.FailureReason;
import org.vitrine.jobs.JobKind;
import org.vitrine.jobs.JobQueue;
import org.vitrine.jobs.JobStatus;
import org.vitrine.album.PhotoPage;
import org.vitrine.photo.PhotoStatus;
import org.vitrine.photo.PhotoTile;
import org.vitrine.photo.Picture;
import org.vitrine.user.LoginPage;
import org.vitrine.user.SetupPage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * TemplatesRenderTest renders every page template from the precompiled classes with realistic records and
 * checks the markup the server and the scripts rely on. Each rendering is also written to
 * target/preview/NAME.html, to be looked at in a browser (serve target/preview with its assets and img/).
 */
class TemplatesRenderTest {

    private static final TemplateEngine ENGINE = TemplateEngine.createPrecompiled(ContentType.Html);
    private static final String CSRF = "csrf-token-123";
    private static final String XSS = "<script>alert(1)</script>";

    // ---- the gallery ----

    @Test
    void home_lists_albums_as_cards_with_their_cover_and_escapes_titles() {
        String html = render("album/home.jte", home(), "home");

        assertThat(html).contains("<a class=\"brand\" href=\"/\">Vitrine</a>");
        assertThat(html).contains("href=\"/a/summer-in-maine\"", "12 photos", "1 photo<");
        assertThat(html).contains("srcset=\"/img/canon-eos-600d-480.jpg 480w");
        assertThat(html).doesNotContain(XSS).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        assertThat(html).doesNotContain("/logout").doesNotContain("href=\"/admin\"");
    }

    @Test
    void home_without_albums_says_so() {
        HomePage page = new HomePage(visitor("Vitrine"), "Vitrine", List.of());
        assertThat(render("album/home.jte", page, null)).contains("No albums yet.");
    }

    @Test
    void album_tiles_carry_their_size_and_the_lightbox_attributes() {
        String html = render("album/album.jte", album(false), "album");

        List<String> tiles = tags(html, "a class=\"tile\"");
        assertThat(tiles).hasSize(readyTiles().size());
        for (String tile : tiles) {
            assertThat(tile).containsPattern("style=\"--w:\\d+;--h:\\d+;--max:\\d+px\"")
                    .contains("data-pswp-src=\"/img/", "data-pswp-width=\"", "data-pswp-height=\"");
        }
        List<String> images = tags(html, "img ");
        for (String img : images) {
            assertThat(img).containsPattern("width=\"\\d+\"").containsPattern("height=\"\\d+\"")
                    .contains("sizes=\"(max-width: 479px) ", "alt=\"");
        }
        // The first row is the largest contentful paint: fetched at once, first; the rest when scrolled to.
        assertThat(images.getFirst()).contains("loading=\"eager\"", "fetchpriority=\"high\"");
        assertThat(images.getLast()).contains("loading=\"lazy\"", "decoding=\"async\"")
                .doesNotContain("fetchpriority");
        assertThat(html).contains("<script src=\"" + Assets.url("js/justify.js") + "\"></script>");
        assertThat(html).contains("<script type=\"module\" src=\"" + Assets.url("js/gallery.js") + "\"></script>",
                Assets.url("vendor/photoswipe/photoswipe.css"));
        assertThat(html).doesNotContain(XSS);
    }

    @Test
    void processing_and_failed_tiles_keep_their_shape_and_the_owner_reads_why() {
        String owner = render("album/album.jte", album(true), "album-owner");
        assertThat(owner).contains("class=\"tile tile--processing\"", "Processing…", "style=\"--w:1632;--h:1224;--max:1632px\"");
        assertThat(owner).contains("class=\"tile tile--failed\"", "not an image: the file ends before its first frame");
        assertThat(owner).contains("Edit album", "href=\"/admin/albums/3\"");
        assertThat(tags(owner, "a class=\"tile tile--")).allSatisfy(t -> assertThat(t).doesNotContain("data-pswp-src"));

        String visitor = render("album/album.jte", album(false), null);
        assertThat(visitor).doesNotContain("Edit album");
    }

    @Test
    void photo_page_shows_the_large_image_facts_location_and_neighbours() {
        String html = render("album/photo.jte", photo(), "photo");

        assertThat(html).contains("class=\"stage__img\"", "fetchpriority=\"high\"", "width=\"1394\" height=\"930\"");
        assertThat(html).contains("<dt>Camera</dt><dd>Canon EOS 600D</dd>");
        assertThat(html).contains("37.87109° N, 122.25678° W",
                "https://www.openstreetmap.org/?mlat=37.871093&amp;mlon=-122.256780#map=15/37.871093/-122.256780");
        assertThat(html).contains("rel=\"prev\" href=\"/a/summer-in-maine/p/40\"", "rel=\"next\" href=\"/a/summer-in-maine/p/42\"");
        assertThat(html).contains("href=\"/originals/41\"", Assets.url("js/photo.js"));
        assertThat(html).doesNotContain(XSS);
    }

    @Test
    void photo_page_at_the_end_of_an_album_has_no_next_link() {
        PhotoPage last = withNeighbours(photo(), "/a/summer-in-maine/p/40", null);
        String html = render("album/photo.jte", last, null);
        assertThat(html).contains("rel=\"prev\"").doesNotContain("rel=\"next\"");
    }

    // ---- forms ----

    @Test
    void every_post_form_carries_the_csrf_token() {
        List<String> pages = List.of(
                render("album/home.jte", homeSignedIn(), null),
                render("album/form.jte", editForm(), "album-form"),
                render("album/form.jte", newForm(), "album-new"),
                render("user/login.jte", login(), "login"),
                render("user/setup.jte", setup(), "setup"),
                render("admin/home.jte", admin(), "admin"),
                render("error.jte", error(), "error"));
        int forms = 0;
        for (String html : pages) {
            for (String form : blocks(html, "<form", "</form>")) {
                if (form.contains("method=\"post\"")) {
                    forms++;
                    assertThat(form).as(form).contains("<input type=\"hidden\" name=\"_csrf\" value=\"" + CSRF + "\">");
                }
            }
        }
        assertThat(forms).isGreaterThanOrEqualTo(9);
    }

    @Test
    void signed_in_pages_have_admin_and_sign_out_in_the_header() {
        String html = render("album/home.jte", homeSignedIn(), null);
        assertThat(html).contains("<a href=\"/admin\">Admin</a>", "action=\"/logout\"", "Sign out");
    }

    @Test
    void album_form_posts_fields_upload_and_delete_to_the_given_urls() {
        String html = render("album/form.jte", editForm(), null);

        assertThat(html).contains("<form method=\"post\" action=\"/admin/albums/3\" class=\"form\">");
        assertThat(html).contains("name=\"title\"", "name=\"slug\"", "name=\"description\"");
        assertThat(html).contains("name=\"visibility\" value=\"unlisted\" checked");
        assertThat(html).doesNotContain("value=\"public\" checked").doesNotContain("value=\"private\" checked");
        assertThat(html).contains("enctype=\"multipart/form-data\" action=\"/admin/albums/3/photos?_csrf=" + CSRF + "\"",
                "data-api-url=\"/api/albums/summer-in-maine\"",
                "<input id=\"photos\" class=\"upload__input\" type=\"file\" name=\"photos\" multiple accept=\"image/*,.heic,.heif,.avif\">",
                Assets.url("js/upload.js"));
        assertThat(html).contains("action=\"/admin/albums/3/delete\"", "type=\"checkbox\" name=\"confirm\" value=\"yes\" required");
        assertThat(html).contains("Title is too long", "https://photos.example.org/a/summer-in-maine?key=s3cr3t");
        assertThat(html).contains("not an image: the file ends before its first frame");
        assertThat(html).doesNotContain(XSS);
    }

    @Test
    void new_album_form_has_neither_upload_nor_delete() {
        String html = render("album/form.jte", newForm(), null);
        assertThat(html).contains("New album", "Create album", "value=\"private\" checked");
        assertThat(html).doesNotContain("multipart/form-data").doesNotContain("Delete album").doesNotContain("upload.js");
    }

    @Test
    void login_and_setup_keep_what_was_typed_and_show_the_error() {
        String login = render("user/login.jte", login(), null);
        assertThat(login).contains("action=\"/login\"", "name=\"email\"", "value=\"owner@example.org\"",
                "name=\"password\"", "Wrong email or password.");

        String setup = render("user/setup.jte", setup(), null);
        assertThat(setup).contains("action=\"/setup\"", "name=\"token\" value=\"tok-abc\"", "name=\"password2\"",
                "The passwords differ.");
    }

    @Test
    void admin_home_shows_albums_job_counts_and_a_retry_button_for_failed_jobs() {
        String html = render("admin/home.jte", admin(), null);
        assertThat(html).contains("href=\"/admin/albums/3\"", "href=\"/admin/albums/new\"");
        assertThat(html).contains("<dt>Queued</dt><dd>2</dd>", "<dt>Failed</dt><dd>1</dd>");
        assertThat(html).contains("action=\"/admin/jobs/17/retry\"", "vips: unable to load", "2026-03-01 10:20 UTC");
        assertThat(html).doesNotContain(XSS);
    }

    @Test
    void admin_home_shows_the_mirror_s_backlog_oldest_waiting_photo_and_last_error_only_when_there_is_a_mirror() {
        long t = 1772360400000L; // 2026-03-01 10:20 UTC
        var base = admin();
        var failing = new MirrorStatus("s3", 42, Optional.of(new MirrorStatus.Waiting(61, "Summer " + XSS, t)), 1200,
                Optional.of("The cloud store did not answer; copies wait and are retried until it is back."),
                Optional.of(t), Optional.of(t - 60_000), true);
        String html = render("admin/home.jte", new AdminHomePage(base.page(), base.albums(), base.jobs(),
                base.runningJobs(), base.failedJobs(), failing), null);

        assertThat(html).contains("Mirror to S3", "id=\"mirror-backlog\">42<", "<dt>Copied</dt><dd>1200</dd>",
                "failing", "Waiting longest: photo 61", "did not answer", "2026-03-01 10:20 UTC");
        assertThat(html).doesNotContain(XSS);
        assertThat(render("admin/home.jte", base, null)).doesNotContain("Mirror to");
    }

    @Test
    void error_page_names_the_status_in_plain_words() {
        String html = render("error.jte", error(), null);
        assertThat(html).contains("404", "Not found", "There is no album at this address.");
    }

    // ---- sample records ----

    private static PageContext visitor(String title) {
        return new PageContext(title, null, CSRF, null, null, "Vitrine");
    }

    private static PageContext owner(String title) {
        return new PageContext(title, "owner@example.org", CSRF, "Album saved", "ok", "Vitrine");
    }

    /** A ready picture of a preview image: derivatives 480/960/1600 wide, as made into target/preview/img. */
    private static Picture picture(String name, int width, int height) {
        StringBuilder srcset = new StringBuilder();
        int[] ladder = {480, 960, 1600};
        for (int w : ladder) {
            if (!srcset.isEmpty()) {
                srcset.append(", ");
            }
            srcset.append("/img/").append(name).append('-').append(w).append(".jpg ").append(w).append('w');
        }
        int fullHeight = Math.round(1600f * height / width);
        return new Picture("/img/" + name + "-960.jpg", srcset.toString(), width, height,
                "/img/" + name + "-1600.jpg", 1600, fullHeight);
    }

    private static PhotoTile ready(long id, String name, int width, int height, String alt) {
        return new PhotoTile(id, "/a/summer-in-maine/p/" + id, alt, width, height, PhotoStatus.READY, null,
                picture(name, width, height));
    }

    private static List<PhotoTile> readyTiles() {
        return List.of(
                ready(41, "canon-eos-600d", 1394, 930, "Campanile at Berkeley"),
                ready(42, "Portrait_1", 1200, 1800, "Portrait in the park"),
                ready(43, "nikon-d70", 1504, 1000, "Evening, 2004"),
                ready(44, "leica-t_o8", 1060, 1600, "Leica T, turned upright"),
                ready(45, "panorama-wide_acadia", 4096, 620, "Acadia panorama " + XSS),
                ready(46, "apple-iphone-4", 1296, 968, "Rome"),
                ready(47, "google-pixel", 1012, 759, "Bohemian Paradise"),
                ready(48, "samsung-galaxy-s_o6", 480, 640, "Galaxy S, upright"),
                ready(49, "rio_south-west_SYNTHETIC-GPS", 2048, 1024, "Rio"),
                ready(50, "adobe-rgb_canon-eos-7d", 600, 900, "Adobe RGB"),
                ready(51, "sony-dsc-hx5v", 730, 547, "Sony compact"),
                ready(52, "Landscape_6", 1800, 1200, "Landscape, rotated"),
                ready(53, "olympus-e-m10", 800, 533, "Door knocker"),
                ready(54, "nikon-coolpix-p6000_italy", 640, 480, "Italy"),
                ready(55, "fujifilm-finepix-s1pro", 600, 400, "Fujifilm"));
    }

    private static List<PhotoTile> tilesWithPending() {
        List<PhotoTile> tiles = new ArrayList<>(readyTiles().subList(0, 6));
        tiles.add(new PhotoTile(60, "/a/summer-in-maine/p/60", "IMG_0042.HEIC", 1632, 1224, PhotoStatus.PROCESSING, null, null));
        tiles.add(new PhotoTile(61, "/a/summer-in-maine/p/61", "broken.jpg", 1200, 800, PhotoStatus.FAILED,
                "not an image: the file ends before its first frame", null));
        tiles.addAll(readyTiles().subList(6, readyTiles().size()));
        return tiles;
    }

    private static AlbumSummary summary(boolean owner) {
        return new AlbumSummary(3, "summer-in-maine", "Summer in Maine " + XSS,
                "Two weeks on the coast: fog in the mornings, blueberries, and the long light of August evenings.",
                "unlisted", "/a/summer-in-maine?key=s3cr3t",
                owner ? "https://photos.example.org/a/summer-in-maine?key=s3cr3t" : null, null, false);
    }

    private static HomePage home() {
        return new HomePage(visitor("Vitrine"), "Vitrine", cards());
    }

    private static HomePage homeSignedIn() {
        return new HomePage(owner("Vitrine"), "Vitrine", cards());
    }

    private static List<AlbumCard> cards() {
        return List.of(
                new AlbumCard("Summer in Maine", "Fog, blueberries and the long light of August.", "/a/summer-in-maine",
                        12, picture("canon-eos-600d", 1394, 930)),
                new AlbumCard("Rome, January " + XSS, "A winter weekend.", "/a/rome", 1,
                        picture("apple-iphone-4", 1296, 968)),
                new AlbumCard("Portraits", null, "/a/portraits", 8, picture("Portrait_1", 1200, 1800)),
                new AlbumCard("New and empty", "Nothing here yet.", "/a/new", 0, null),
                new AlbumCard("Bohemian Paradise", "Sandstone towers north of Prague, hiked in July 2018 with far too little water.",
                        "/a/bohemia", 31, picture("google-pixel", 1012, 759)));
    }

    private static AlbumPage album(boolean owner) {
        PageContext ctx = owner ? owner("Summer in Maine") : visitor("Summer in Maine");
        return new AlbumPage(ctx, summary(owner), owner ? tilesWithPending() : readyTiles(),
                owner ? "/admin/albums/3" : null);
    }

    private static PhotoPage photo() {
        PhotoTile tile = ready(41, "canon-eos-600d", 1394, 930, "Campanile at Berkeley");
        return new PhotoPage(visitor("Campanile " + XSS), summary(false), tile, "Campanile " + XSS,
                "Late morning from the hill above the campus.\nShot handheld.",
                List.of(new PhotoPage.Fact("Camera", "Canon EOS 600D"),
                        new PhotoPage.Fact("Lens", "EF-S18-55mm f/3.5-5.6 IS II"),
                        new PhotoPage.Fact("Exposure", "1/200 s · f/8 · ISO 100 · 35 mm"),
                        new PhotoPage.Fact("Taken", "11 June 2015, 10:29"),
                        new PhotoPage.Fact("Dimensions", "1394 × 930")),
                37.871093, -122.256780, "/originals/41", "/a/summer-in-maine/p/40", "/a/summer-in-maine/p/42", null);
    }

    private static PhotoPage withNeighbours(PhotoPage p, String previous, String next) {
        return new PhotoPage(p.page(), p.album(), p.photo(), p.title(), p.caption(), p.facts(), p.latitude(),
                p.longitude(), p.originalUrl(), previous, next, p.adminUrl());
    }

    private static AlbumFormPage editForm() {
        return new AlbumFormPage(owner("Edit album"),
                new AlbumFormPage.AlbumForm("Summer in Maine " + XSS, "summer-in-maine", "Fog and blueberries.", "unlisted"),
                List.of("Title is too long (200 characters at most)."), "/admin/albums/3", "/admin/albums/3/delete",
                "/admin/albums/3/photos", "/a/summer-in-maine?key=s3cr3t", tilesWithPending(),
                new ShareLinksPanel(List.of(new ShareLinksPanel.Row(7, "For Grandma " + XSS,
                        "https://photos.example.org/a/summer-in-maine?key=s3cr3t", "Active", "Never", 3,
                        "1 Dec 2026, 10:00 UTC", true, "Shows originals", "/admin/links/7/revoke",
                        "/admin/links/7/replace")), 30, "/admin/albums/3/links", "/admin/albums/3/password", false,
                        true));
    }

    private static AlbumFormPage newForm() {
        return new AlbumFormPage(owner("New album"), new AlbumFormPage.AlbumForm("", "", "", null), List.of(),
                "/admin/albums", null, null, null, List.of(), null);
    }

    private static LoginPage login() {
        return new LoginPage(visitor("Sign in"), "owner@example.org", "/admin", "Wrong email or password.");
    }

    private static SetupPage setup() {
        return new SetupPage(visitor("Set up"), "tok-abc", "owner@example.org", "The passwords differ.");
    }

    private static AdminHomePage admin() {
        long t = 1772360400000L; // 2026-03-01 10:20 UTC
        return new AdminHomePage(owner("Admin"),
                List.of(new AdminHomePage.AlbumRow(3, "Summer in Maine " + XSS, "unlisted", 14, "/admin/albums/3",
                                "/a/summer-in-maine?key=s3cr3t"),
                        new AdminHomePage.AlbumRow(4, "Rome, January", "public", 1, "/admin/albums/4", "/a/rome"),
                        new AdminHomePage.AlbumRow(5, "Family", "private", 230, "/admin/albums/5", "/a/family")),
                new JobQueue.Counts(2, 1, 318, 1),
                List.of(new JobQueue.JobView(18, JobKind.DERIVATIVES, 62, "", JobStatus.RUNNING, 1, t, "host-1-a/1",
                        null, null, t)),
                List.of(new JobQueue.JobView(17, JobKind.DERIVATIVES, 61, "", JobStatus.FAILED, 5, t, null,
                        "vips: unable to load broken.jpg: Premature end of JPEG file " + XSS, FailureReason.ERROR,
                        t)));
    }

    private static ErrorPage error() {
        return new ErrorPage(visitor("Not found"), 404, "There is no album at this address.");
    }

    // ---- helpers ----

    private static String render(String template, Object page, String previewName) {
        StringOutput out = new StringOutput();
        ENGINE.render(template, page, out);
        String html = out.toString();
        if (previewName != null) {
            writePreview(previewName, html);
        }
        return html;
    }

    private static void writePreview(String name, String html) {
        try {
            Path dir = Path.of("target", "preview");
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(name + ".html"), html);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The opening tags that start with the given text, e.g. every {@code <a class="tile" ...>}. */
    private static List<String> tags(String html, String start) {
        List<String> found = new ArrayList<>();
        Matcher m = Pattern.compile("<" + Pattern.quote(start) + "[^>]*>").matcher(html);
        while (m.find()) {
            found.add(m.group());
        }
        return found;
    }

    private static List<String> blocks(String html, String open, String close) {
        List<String> found = new ArrayList<>();
        int from = 0;
        while (true) {
            int start = html.indexOf(open, from);
            if (start < 0) {
                return found;
            }
            int end = html.indexOf(close, start);
            found.add(html.substring(start, end + close.length()));
            from = end + close.length();
        }
    }
}
