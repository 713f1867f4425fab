package org.vitrine.browser;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.Cookie;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitrine.App;
import org.vitrine.access.Visibility;
import org.vitrine.testing.Fixtures;
import org.vitrine.testing.GeneratedPhotos;
import org.vitrine.testing.NginxProcess;
import org.vitrine.proxy.ProxiedSite;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * BehindNginxBrowserTest: the owner signs in, uploads and views a photo in Chromium through nginx configured as
 * docs/deploy/nginx.conf, over TLS, and every request the browser makes stays on the proxy's address.
 */
class BehindNginxBrowserTest {
    @TempDir
    Path dir;

    private HeadlessChromium chromium;
    private ProxiedSite site;
    private App app;
    private NginxProcess nginx;

    @BeforeEach
    void start() {
        chromium = HeadlessChromium.launch();
        site = ProxiedSite.start(dir);
        app = site.app();
        nginx = site.nginx();
    }

    @AfterEach
    void stop() {
        if (site != null) {
            site.close();
        }
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void the_owner_signs_in_uploads_and_views_a_photo_through_nginx() {
        var fixtures = new Fixtures(app);
        fixtures.owner();
        var album = fixtures.album("Through the proxy", Visibility.PUBLIC);
        Path photo = GeneratedPhotos.jpeg(dir.resolve("harbour.jpg"), 800, 533, 1);
        String proxy = nginx.url().toString().replaceAll("/$", "");
        try (BrowserContext context = chromium.openAcceptingTestCertificate()) {
            List<String> requested = new ArrayList<>();
            List<String> failed = new ArrayList<>();
            context.onRequest(request -> requested.add(request.url()));
            context.onResponse(response -> {
                if (response.status() >= 500) {
                    failed.add(response.status() + " " + response.url());
                }
            });
            Page page = context.newPage();

            page.navigate(proxy + "/admin/albums/" + album.id());
            page.waitForURL(proxy + "/login?next=%2Fadmin%2Falbums%2F" + album.id());
            page.locator("#email").fill(Fixtures.OWNER_EMAIL);
            page.locator("#password").fill(Fixtures.OWNER_PASSWORD);
            page.locator("form.form button[type=submit]").click();
            page.waitForURL(proxy + "/admin/albums/" + album.id());
            assertThat(page.locator("h1")).hasText("Through the proxy");
            assertThat(context.cookies()).filteredOn(c -> c.name.equals("vitrine_session"))
                    .singleElement().satisfies(c -> assertThat(c.secure).as("session cookie Secure").isTrue());

            page.locator("#photos").setInputFiles(photo);
            page.waitForFunction("() => document.querySelectorAll('.upload-item.is-done, .upload-item.is-error')"
                    + ".length === 1");
            assertThat(page.locator(".upload-item.is-error")).hasCount(0);

            // Processing done, the script reloads the page and the tile appears; the visitor's page shows it too.
            assertThat(page.locator(".gallery a.tile[data-pswp-src] img")).hasCount(1,
                    new com.microsoft.playwright.assertions.LocatorAssertions.HasCountOptions().setTimeout(30_000));
            Response albumPage = page.navigate(proxy + album.path());
            assertThat(albumPage.status()).isEqualTo(200);
            Locator tile = page.locator(".gallery a.tile[data-pswp-src] img");
            assertThat(tile).hasCount(1);
            page.waitForFunction("() => [...document.querySelectorAll('.gallery img')]"
                    + ".every(img => img.complete && img.naturalWidth > 0)");

            page.locator(".gallery a.tile[data-pswp-src]").first().click();
            assertThat(page.locator(".pswp")).isVisible();
            page.waitForFunction("() => { const img = document.querySelector('.pswp__item[aria-hidden=\"false\"] "
                    + "img.pswp__img'); return img && img.complete && img.naturalWidth > 0; }");

            assertThat(failed).as("server errors").isEmpty();
            assertThat(requested).as("every request went to nginx")
                    .allSatisfy(url -> assertThat(url).satisfiesAnyOf(
                            u -> assertThat(u).startsWith(proxy + "/"),
                            u -> assertThat(u).startsWith("data:"), u -> assertThat(u).startsWith("blob:")));
            assertThat(requested).anySatisfy(url -> assertThat(url).contains("/media/d/"));
        }
    }
}
