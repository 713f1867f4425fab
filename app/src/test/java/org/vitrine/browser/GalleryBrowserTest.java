package org.vitrine.browser;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.vitrine.App;
import org.vitrine.browser.HeadlessChromium.Device;
import org.vitrine.photo.Photo;
import org.vitrine.testing.Fixtures;
import org.vitrine.testing.TestApp;
import org.vitrine.testing.GeneratedPhotos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * GalleryBrowserTest drives the real site in headless Chromium: the owner's first run, sign-in, album and upload
 * on a desktop, and a visitor's lightbox with the keyboard on a desktop and with a finger on a phone.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GalleryBrowserTest {
    private static final String SIDEWAYS_UPLOAD = "Landscape_6.jpg";
    private static final String BAD_UPLOAD = "not-an-image_zip.jpg";

    @TempDir
    static Path dataDirs;
    // Generated, so the browser tests need no shared test photos: three photos, one taken sideways, one ZIP.
    private List<Path> uploads;
    private List<Path> visitorAlbum;

    private HeadlessChromium chromium;
    private App freshApp;
    private App galleryApp;
    private PublishedAlbum published;
    private final Screenshots shots = Screenshots.ofTestRun();

    @BeforeAll
    void start() throws IOException {
        Path photos = dataDirs.resolve("photos");
        Files.createDirectories(photos);
        uploads = List.of(GeneratedPhotos.jpeg(photos.resolve("harbour.jpg"), 1600, 1067, 1),
                GeneratedPhotos.jpeg(photos.resolve("meadow.jpg"), 1200, 1600, 2),
                GeneratedPhotos.jpeg(photos.resolve("old-town.jpg"), 1600, 900, 3),
                GeneratedPhotos.exifOriented(photos.resolve(SIDEWAYS_UPLOAD), 1200, 1800, 4, 6),
                GeneratedPhotos.zipArchive(photos.resolve(BAD_UPLOAD)));
        visitorAlbum = List.of(GeneratedPhotos.jpeg(photos.resolve("pier.jpg"), 1600, 1067, 5),
                GeneratedPhotos.jpeg(photos.resolve("dunes.jpg"), 1600, 1200, 6),
                GeneratedPhotos.exifOriented(photos.resolve("cliff.jpg"), 1600, 1067, 7, 3),
                GeneratedPhotos.jpeg(photos.resolve("lighthouse.jpg"), 1067, 1600, 8));
        chromium = HeadlessChromium.launch();
        // One app still waits for its owner (first run); the other already has a public album for visitors.
        freshApp = TestApp.start(dataDirs.resolve("fresh"));
        galleryApp = TestApp.start(dataDirs.resolve("gallery"));
        published = PublishedAlbum.create(galleryApp, "Coast", "", visitorAlbum);
    }

    @AfterAll
    void stop() {
        if (chromium != null) {
            chromium.close();
        }
        if (freshApp != null) {
            freshApp.close();
        }
        if (galleryApp != null) {
            galleryApp.close();
        }
    }

    @Test
    void the_owner_sets_up_signs_in_creates_an_album_and_sees_each_upload_become_an_upright_tile() {
        try (BrowserContext context = chromium.open(Device.DESKTOP)) {
            Page page = context.newPage();
            String base = TestApp.baseUrl(freshApp).toString();

            page.navigate(freshApp.setupLink());
            assertThat(page.locator("h1")).hasText("Create the owner account");
            page.locator("#email").fill(Fixtures.OWNER_EMAIL);
            page.locator("#password").fill(Fixtures.OWNER_PASSWORD);
            page.locator("#password2").fill(Fixtures.OWNER_PASSWORD);
            shots.take(page, "desktop-01-setup");
            page.locator("form.form button[type=submit]").click();
            page.waitForURL(base + "/admin");
            assertThat(page.locator(".flash")).containsText("Your account is ready");
            shots.take(page, "desktop-02-admin-after-setup");

            page.locator(".owner-nav button", new Page.LocatorOptions().setHasText("Sign out")).click();
            page.waitForURL(base + "/");
            assertThat(page.locator(".flash")).containsText("You are signed out");
            assertThat(page.locator(".owner-nav")).hasCount(0);

            page.navigate(base + "/login");
            page.locator("#email").fill(Fixtures.OWNER_EMAIL);
            page.locator("#password").fill("not the password");
            page.locator("form.form button[type=submit]").click();
            assertThat(page.locator(".form-error")).hasText("That email and password do not match an account.");
            assertThat(page.locator("#email")).hasValue(Fixtures.OWNER_EMAIL);
            shots.take(page, "desktop-03-login-wrong-password");
            page.locator("#password").fill(Fixtures.OWNER_PASSWORD);
            page.locator("form.form button[type=submit]").click();
            page.waitForURL(base + "/admin");
            assertThat(page.locator(".owner-nav")).isVisible();

            page.locator("a.button", new Page.LocatorOptions().setHasText("New album")).click();
            page.waitForURL(base + "/admin/albums/new");
            page.locator("#title").fill("Summer walks");
            page.locator("#description").fill("A few days outdoors.");
            page.locator("input[name=visibility][value=public]").check();
            shots.take(page, "desktop-04-new-album");
            page.locator("form.form button[type=submit]").click();
            page.waitForURL(Pattern.compile(Pattern.quote(base) + "/admin/albums/\\d+"));
            assertThat(page.locator("h1")).hasText("Summer walks");
            long albumId = Long.parseLong(page.url().substring(page.url().lastIndexOf('/') + 1));

            page.locator("#photos").setInputFiles(uploads.toArray(Path[]::new));
            Locator rows = page.locator(".upload__list .upload-item");
            assertThat(rows).hasCount(uploads.size());
            // Read every row at once when all have settled: the script reloads the page soon after.
            page.waitForFunction("n => document.querySelectorAll('.upload-item.is-done, .upload-item.is-error')"
                    + ".length === n", uploads.size());
            shots.take(page, "desktop-05-upload-progress");
            @SuppressWarnings("unchecked")
            var settled = (List<Map<String, Object>>) page.evaluate("() => [...document.querySelectorAll('.upload-item')]"
                    + ".map(r => ({name: r.querySelector('.upload-item__name').textContent,"
                    + " state: r.querySelector('.upload-item__state').textContent,"
                    + " error: r.classList.contains('is-error')}))");
            assertThat(settled).extracting(row -> row.get("name"))
                    .containsExactlyInAnyOrderElementsOf(uploads.stream().map(f -> f.getFileName().toString()).toList());
            for (var row : settled) {
                if (row.get("name").equals(BAD_UPLOAD)) {
                    assertThat(row.get("error")).as("bad file marked as error").isEqualTo(true);
                    assertThat((String) row.get("state")).contains("not an image");
                } else {
                    assertThat(row.get("error")).as(row.get("name") + " marked as uploaded").isEqualTo(false);
                    assertThat((String) row.get("state")).as(row.get("name") + " state").startsWith("Uploaded");
                }
            }

            // When processing is done the script reloads the page and the tiles appear.
            Locator images = page.locator(".gallery a.tile[data-pswp-src] img");
            assertThat(images).hasCount(uploads.size() - 1, new LocatorAssertions.HasCountOptions().setTimeout(30_000));
            assertThat(page.locator(".upload__list .upload-item")).hasCount(0);
            images.last().scrollIntoViewIfNeeded();
            page.waitForFunction("() => [...document.querySelectorAll('.gallery img')]"
                    + ".every(img => img.complete && img.naturalWidth > 0)");
            waitForDecodedImages(page);
            shots.take(page, "desktop-06-album-tiles");

            long sideways = freshApp.photos().listByAlbum(albumId).stream()
                    .filter(p -> p.originalName().equals(SIDEWAYS_UPLOAD)).map(Photo::id).findFirst().orElseThrow();
            Locator upright = page.locator(".gallery a.tile[data-photo-id='" + sideways + "'] img");
            @SuppressWarnings("unchecked")
            var size = (Map<String, Number>) upright.evaluate("img => ({nw: img.naturalWidth, nh: img.naturalHeight,"
                    + " w: img.getBoundingClientRect().width, h: img.getBoundingClientRect().height})");
            assertThat(size.get("nw").intValue()).as("orientation-6 image width").isGreaterThan(size.get("nh").intValue());
            assertThat(size.get("w").doubleValue()).as("orientation-6 tile width").isGreaterThan(size.get("h").doubleValue());
        }
    }

    @Test
    void a_visitor_opens_the_lightbox_from_a_tile_steps_with_the_arrow_key_and_closes_it_with_escape() {
        try (BrowserContext context = chromium.open(Device.DESKTOP)) {
            Page page = context.newPage();
            page.navigate(TestApp.baseUrl(galleryApp) + published.path());
            assertThat(page.locator(".owner-nav")).hasCount(0);
            Locator tiles = page.locator(".gallery a.tile[data-pswp-src]");
            assertThat(tiles).hasCount(visitorAlbum.size());
            waitForImagesInView(page);
            shots.take(page, "desktop-07-visitor-album");

            tiles.first().click();
            Locator lightbox = page.locator(".pswp");
            assertThat(lightbox).isVisible();
            Locator counter = page.locator(".pswp__counter");
            assertThat(counter).hasText("1 / " + visitorAlbum.size());
            waitForLightboxOpened(page);
            String firstSrc = currentSlideSrc(page);
            shots.take(page, "desktop-08-lightbox");

            page.keyboard().press("ArrowRight");
            assertThat(counter).hasText("2 / " + visitorAlbum.size());
            page.waitForFunction("src => { const img = document.querySelector('.pswp__item[aria-hidden=\"false\"] img.pswp__img');"
                    + " return img && img.currentSrc && img.currentSrc !== src; }", firstSrc);
            page.waitForTimeout(400);
            shots.take(page, "desktop-09-lightbox-next");

            page.keyboard().press("Escape");
            assertThat(lightbox).hasCount(0);
            assertThat(page).hasURL(TestApp.baseUrl(galleryApp) + published.path());
        }
    }

    @Test
    void on_a_phone_the_album_fits_the_screen_and_a_swipe_left_shows_the_next_photo() {
        try (BrowserContext context = chromium.open(Device.PHONE)) {
            Page page = context.newPage();
            page.navigate(TestApp.baseUrl(galleryApp) + published.path());
            Locator tiles = page.locator(".gallery a.tile[data-pswp-src]");
            assertThat(tiles).hasCount(visitorAlbum.size());
            waitForImagesInView(page);
            assertThat(scrollWidth(page)).as("album page width at 375 px").isLessThanOrEqualTo(375);
            shots.take(page, "phone-01-album");

            tiles.first().tap();
            Locator counter = page.locator(".pswp__counter");
            assertThat(page.locator(".pswp")).isVisible();
            assertThat(counter).hasText("1 / " + visitorAlbum.size());
            // Let the opening zoom finish, or the swipe lands on an animation.
            waitForLightboxOpened(page);
            String firstSrc = currentSlideSrc(page);
            shots.take(page, "phone-02-lightbox");

            TouchGestures.swipe(page, 320, 40, 400, 10);
            assertThat(counter).hasText("2 / " + visitorAlbum.size());
            page.waitForFunction("src => { const img = document.querySelector('.pswp__item[aria-hidden=\"false\"] img.pswp__img');"
                    + " return img && img.currentSrc && img.currentSrc !== src; }", firstSrc);
            page.waitForTimeout(400);
            shots.take(page, "phone-03-lightbox-after-swipe");

            page.navigate(TestApp.baseUrl(galleryApp).toString());
            assertThat(page.locator(".album-card")).hasCount(1);
            assertThat(scrollWidth(page)).as("home page width at 375 px").isLessThanOrEqualTo(375);
            shots.take(page, "phone-04-home");
        }
    }

    static String currentSlideSrc(Page page) {
        Locator img = page.locator(".pswp__item[aria-hidden='false'] img.pswp__img").first();
        img.waitFor();
        page.waitForFunction("() => { const img = document.querySelector('.pswp__item[aria-hidden=\"false\"] img.pswp__img');"
                + " return img && img.complete && img.naturalWidth > 0; }");
        return (String) img.evaluate("img => img.currentSrc");
    }

    /** PhotoSwipe fades its backdrop in with the opening zoom; at full opacity (0.95 here) the opening is over. */
    static void waitForLightboxOpened(Page page) {
        page.waitForFunction("() => { const bg = document.querySelector('.pswp__bg');"
                + " return bg && parseFloat(getComputedStyle(bg).opacity) >= 0.94; }");
        page.waitForTimeout(100);
    }

    static int scrollWidth(Page page) {
        return ((Number) page.evaluate("() => document.documentElement.scrollWidth")).intValue();
    }

    /** Waits until every image that is at least partly inside the viewport has loaded (lazy ones included). */
    static void waitForImagesInView(Page page) {
        page.waitForFunction("() => [...document.images].filter(img => { const r = img.getBoundingClientRect();"
                + " return r.width > 0 && r.bottom > 0 && r.top < innerHeight; })"
                + ".every(img => img.complete && img.naturalWidth > 0)");
        waitForDecodedImages(page);
    }

    /** Loaded is not painted: images decode asynchronously, and a screenshot taken too early shows the placeholder. */
    static void waitForDecodedImages(Page page) {
        page.evaluate("() => Promise.all([...document.images].filter(img => img.complete && img.naturalWidth > 0)"
                + ".map(img => img.decode().catch(() => null)))"
                + ".then(() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done))))");
    }
}
