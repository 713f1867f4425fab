package org.vitrine.browser;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.vitrine.App;
import org.vitrine.browser.HeadlessChromium.Device;
import org.vitrine.testing.Fixtures;
import org.vitrine.testing.GeneratedPhotos;
import org.vitrine.testing.TestApp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * ShareLinkBrowserTest drives a share link's whole life in headless Chromium, on a phone (375 px, touch) and a
 * desktop: the owner creates a link with a password in the album's dialog, a visitor opens it, is asked the
 * password, sees the photos, and meets the "no longer works" page the moment the owner revokes the link.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ShareLinkBrowserTest {
    private static final String LINK_PASSWORD = "sea glass and driftwood";

    @TempDir
    static Path dataDir;

    private HeadlessChromium chromium;
    private App app;
    private PublishedAlbum album;
    private final Screenshots shots = Screenshots.ofTestRun();

    @BeforeAll
    void start() throws IOException {
        Path photos = Files.createDirectories(dataDir.resolve("photos"));
        chromium = HeadlessChromium.launch();
        app = TestApp.start(dataDir.resolve("data"));
        album = PublishedAlbum.create(app, "Beach day", "", "unlisted", List.of(
                GeneratedPhotos.jpeg(photos.resolve("waves.jpg"), 960, 640, 11),
                GeneratedPhotos.jpeg(photos.resolve("shells.jpg"), 640, 960, 12),
                GeneratedPhotos.jpeg(photos.resolve("kite.jpg"), 960, 720, 13)));
    }

    @AfterAll
    void stop() {
        if (chromium != null) {
            chromium.close();
        }
        if (app != null) {
            app.close();
        }
    }

    static List<Device> devices() {
        return List.of(Device.PHONE, Device.DESKTOP);
    }

    @ParameterizedTest
    @MethodSource("devices")
    void a_link_is_created_in_the_dialog_opened_with_its_password_and_stops_at_once_when_revoked(Device device) {
        String base = TestApp.baseUrl(app).toString();
        String label = "For the " + device.name();
        try (BrowserContext ownerContext = chromium.open(device); BrowserContext visitorContext = chromium.open(device)) {
            Page owner = ownerContext.newPage();
            signIn(owner, base);
            owner.navigate(base + "/admin/albums/" + album.album().id());
            owner.locator(".share-links__new").click();
            Locator dialog = owner.locator("#share-link-dialog");
            assertThat(dialog).isVisible();
            assertThat(dialog.locator("#link-expiry")).hasValue("30");
            assertThat(dialog).containsText("The site's default is 30 days");
            dialog.locator("#link-label").fill(label);
            dialog.locator("#link-password").fill(LINK_PASSWORD);
            dialog.locator("input[name=camera]").uncheck();
            assertThat(GalleryBrowserTest.scrollWidth(owner)).isLessThanOrEqualTo(device.width());
            shots.take(owner, device.name() + "-share-link-dialog");
            dialog.locator("button[type=submit]").click();
            assertThat(owner.locator(".flash")).containsText("Share link created");
            Locator row = owner.locator(".share-link", new Page.LocatorOptions().setHasText(label));
            assertThat(row).containsText("Active");
            assertThat(row).containsText("Password");
            String url = row.locator(".share-link__url").inputValue();
            assertThat(url).startsWith(base + "/a/" + album.album().slug() + "?key=");

            Page visitor = visitorContext.newPage();
            visitor.navigate(url);
            assertThat(visitor.locator("h1")).hasText("Beach day");
            assertThat(visitor.locator(".lede")).containsText("This link is protected by a password");
            assertThat(visitor.locator(".gallery")).hasCount(0);
            visitor.locator("#album-password").fill("not the password");
            visitor.locator("form.form button[type=submit]").click();
            assertThat(visitor.locator(".form-error")).hasText("That password is not right.");
            visitor.locator("#album-password").fill(LINK_PASSWORD);
            visitor.locator("form.form button[type=submit]").click();
            assertThat(visitor.locator(".gallery a.tile")).hasCount(3);
            GalleryBrowserTest.waitForImagesInView(visitor);
            String image = (String) visitor.locator(".gallery img").first().evaluate("img => img.currentSrc");
            shots.take(visitor, device.name() + "-share-link-opened");

            owner.reload();
            owner.locator(".share-link", new Page.LocatorOptions().setHasText(label))
                    .locator("button", new Locator.LocatorOptions().setHasText("Revoke")).click();
            assertThat(owner.locator(".flash")).containsText("Link revoked");
            assertThat(owner.locator(".share-link", new Page.LocatorOptions().setHasText(label)))
                    .containsText("Revoked");

            var response = visitor.navigate(url);
            assertThat(response.status()).isEqualTo(410);
            assertThat(visitor.locator("h1")).hasText("This link no longer works");
            assertThat(visitor.locator("body")).not().containsText("Beach day");
            // Its images stop too, even to the browser that holds the link's cookie and unlock.
            Object status = visitor.evaluate("src => fetch(src, {cache: 'no-store'}).then(r => r.status)", image);
            assertThat(((Number) status).intValue()).isEqualTo(404);
            assertThat(GalleryBrowserTest.scrollWidth(visitor)).isLessThanOrEqualTo(device.width());
            shots.take(visitor, device.name() + "-share-link-revoked");
        }
    }

    static void signIn(Page page, String base) {
        page.navigate(base + "/login");
        page.locator("#email").fill(Fixtures.OWNER_EMAIL);
        page.locator("#password").fill(Fixtures.OWNER_PASSWORD);
        page.locator("form.form button[type=submit]").click();
        page.waitForURL(base + "/admin");
    }
}
