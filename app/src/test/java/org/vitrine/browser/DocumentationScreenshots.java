package org.vitrine.browser;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.ColorScheme;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.vitrine.App;
import org.vitrine.browser.HeadlessChromium.Device;
import org.vitrine.testing.GeneratedPhotos;
import org.vitrine.testing.TestApp;
import org.vitrine.testing.TestPhotos;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/**
 * DocumentationScreenshots regenerates the pictures in docs/screenshots: home, album and open lightbox on a phone,
 * a tablet and a desktop, in light and dark mode, from a public album of real photos; and the owner's share-link
 * dialog. It runs only on request:
 * {@code ./mvnw -pl app test -Dtest=DocumentationScreenshots -Dvitrine.screenshots=docs}.
 */
@EnabledIfSystemProperty(named = "vitrine.screenshots", matches = "docs")
class DocumentationScreenshots {
    private static final List<String> PHOTOS = List.of(
            "camera/canon-eos-600d.jpg", "gps/nikon-coolpix-p6000_italy.jpg", "size/panorama-wide_acadia.jpg",
            "color/adobe-rgb_canon-eos-7d.jpg", "camera/sony-dsc-hx5v.jpg", "orientation/apple-iphone-5_o3.jpg",
            "camera/olympus-e-m10.jpg", "camera/google-pixel.jpg", "camera/apple-iphone-4.jpg",
            "camera/fujifilm-finepix-s1pro.jpg", "camera/canon-eos-5d_full-resolution.jpg");
    private static final List<Device> DEVICES = List.of(Device.PHONE, Device.TABLET, Device.DESKTOP);

    @TempDir
    Path dataDir;

    @Test
    void home_album_and_lightbox_are_captured_at_phone_tablet_and_desktop_sizes() {
        TestPhotos.dir();
        var shots = new Screenshots(Path.of("..", "docs", "screenshots"));
        try (HeadlessChromium chromium = HeadlessChromium.launch(); App app = TestApp.start(dataDir)) {
            // Two small albums first, so the home page shows a few cards, not a lone one.
            PublishedAlbum.create(app, "In the garden", "Tomatoes on the vine, scabious in bloom and a squirrel "
                    + "that stayed still for once.", photos("camera/canon-eos-5d_full-resolution.jpg",
                    "camera/olympus-e-m10.jpg", "camera/canon-eos-600d.jpg"));
            PublishedAlbum.create(app, "Far horizons", "Wide views from Acadia, Tuscany and Rome.",
                    photos("size/panorama-wide_acadia.jpg", "gps/nikon-coolpix-p6000_italy.jpg",
                            "camera/apple-iphone-4.jpg"));
            var album = PublishedAlbum.create(app, "Out and about",
                    "Radio masts in Northumberland, a farmhouse in Tuscany, tomatoes on the vine and a long "
                            + "horizon in Maine: twenty years of walks, taken with whatever camera was at hand.",
                    PHOTOS.stream().map(TestPhotos::file).toList());
            String base = TestApp.baseUrl(app).toString();
            for (Device device : DEVICES) {
                capture(chromium, device, ColorScheme.LIGHT, base, album, shots, "");
                capture(chromium, device, ColorScheme.DARK, base, album, shots, "-dark");
            }
        }
    }

    /** The owner's share-link dialog, filled in as for a real recipient; generated photos suffice behind it. */
    @Test
    void the_share_link_dialog_is_captured_at_phone_tablet_and_desktop_sizes() throws java.io.IOException {
        var shots = new Screenshots(Path.of("..", "docs", "screenshots"));
        Path photos = java.nio.file.Files.createDirectories(dataDir.resolve("photos"));
        try (HeadlessChromium chromium = HeadlessChromium.launch(); App app = TestApp.start(dataDir.resolve("data"))) {
            var album = PublishedAlbum.create(app, "Family reunion", "", "unlisted", List.of(
                    GeneratedPhotos.jpeg(photos.resolve("table.jpg"), 1600, 1067, 21),
                    GeneratedPhotos.jpeg(photos.resolve("garden.jpg"), 1067, 1600, 22)));
            String base = TestApp.baseUrl(app).toString();
            for (Device device : DEVICES) {
                for (ColorScheme scheme : List.of(ColorScheme.LIGHT, ColorScheme.DARK)) {
                    try (BrowserContext context = chromium.open(device.withScale(1), scheme)) {
                        Page page = context.newPage();
                        ShareLinkBrowserTest.signIn(page, base);
                        page.navigate(base + "/admin/albums/" + album.album().id());
                        page.locator(".share-links__new").click();
                        assertThat(page.locator("#share-link-dialog")).isVisible();
                        page.locator("#link-label").fill("For Grandma");
                        page.locator("#link-password").fill("a password");
                        page.locator("input[name=originals]").check();
                        shots.take(page, "share-link-dialog-" + device.name()
                                + (scheme == ColorScheme.DARK ? "-dark" : ""));
                    }
                }
            }
        }
    }

    private static void capture(HeadlessChromium chromium, Device device, ColorScheme scheme, String base,
                                PublishedAlbum album, Screenshots shots, String suffix) {
        try (BrowserContext context = chromium.open(device.withScale(1), scheme)) {
            Page page = context.newPage();
            page.navigate(base + "/");
            assertThat(page.locator(".album-card")).hasCount(3);
            GalleryBrowserTest.waitForImagesInView(page);
            shots.take(page, "home-" + device.name() + suffix);

            page.navigate(base + album.path());
            assertThat(page.locator(".gallery a.tile[data-pswp-src]")).hasCount(PHOTOS.size());
            GalleryBrowserTest.waitForImagesInView(page);
            shots.take(page, "album-" + device.name() + suffix);

            // The Tuscan farmhouse (third tile) makes a calmer lightbox picture than the radio masts.
            page.locator(".gallery a.tile[data-pswp-src]").nth(2).click();
            assertThat(page.locator(".pswp")).isVisible();
            GalleryBrowserTest.waitForLightboxOpened(page);
            GalleryBrowserTest.currentSlideSrc(page);
            shots.take(page, "lightbox-" + device.name() + suffix);
        }
    }

    private static List<Path> photos(String... relative) {
        return Arrays.stream(relative).map(TestPhotos::file).toList();
    }
}
