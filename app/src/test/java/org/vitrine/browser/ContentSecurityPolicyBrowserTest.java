package org.vitrine.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.vitrine.App;
import org.vitrine.album.Album;
import org.vitrine.access.Visibility;
import org.vitrine.browser.HeadlessChromium.Device;
import org.vitrine.testing.Fixtures;
import org.vitrine.testing.GeneratedPhotos;
import org.vitrine.testing.HttpSession;
import org.vitrine.testing.TestApp;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The site's own pages work under its Content-Security-Policy: every page loads, its scripts run (the lightbox
 * opens, the upload form is enhanced) and the browser reports no violation.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContentSecurityPolicyBrowserTest {
    @TempDir
    static Path dir;

    private HeadlessChromium chromium;
    private App app;
    private Album album;
    private long photoId;

    @BeforeAll
    void start() {
        chromium = HeadlessChromium.launch();
        app = TestApp.start(dir.resolve("data"));
        var fixtures = new Fixtures(app);
        album = fixtures.album("Under policy", Visibility.PUBLIC);
        HttpSession owner = fixtures.signedIn();
        owner.csrfFrom("/admin/albums/" + album.id());
        for (int i = 0; i < 3; i++) {
            Path photo = GeneratedPhotos.jpeg(dir.resolve("photo" + i + ".jpg"), 640 + 200 * i, 480, i);
            JsonNode outcome = HttpSession.parse(owner.upload("/admin/albums/" + album.id() + "/photos", photo).body())
                    .get("results").get(0);
            assertThat(outcome.get("ok").asBoolean()).as(outcome.toString()).isTrue();
            photoId = outcome.get("photoId").asLong();
        }
        PublishedAlbum.waitUntilReady(owner, album.slug(), Duration.ofSeconds(60));
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.close();
        }
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void every_page_loads_and_runs_its_scripts_with_no_content_security_policy_violation() {
        List<String> violations = new ArrayList<>();
        try (BrowserContext context = chromium.open(Device.DESKTOP)) {
            // Injected by the browser's debugging protocol, so the policy does not apply to it.
            context.addInitScript("window.__csp = []; document.addEventListener('securitypolicyviolation', e =>"
                    + " window.__csp.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber));");
            Page page = context.newPage();
            page.onConsoleMessage(m -> {
                if (m.text().contains("Content Security Policy")) {
                    violations.add(m.text());
                }
            });
            String base = app.config().baseUrl().toString();

            var home = page.navigate(base + "/");
            assertThat(home.headers().get("content-security-policy")).contains("script-src 'self'");
            violations.addAll(reported(page));

            page.navigate(base + "/a/" + album.slug());
            page.locator("a.tile").first().click();
            assertThat(page.locator(".pswp")).isVisible();
            page.keyboard().press("Escape");
            violations.addAll(reported(page));

            page.navigate(base + "/a/" + album.slug() + "/" + photoId);
            assertThat(page.locator("figure.stage img")).isVisible();
            violations.addAll(reported(page));

            page.navigate(base + "/login");
            page.locator("#email").fill(Fixtures.OWNER_EMAIL);
            page.locator("#password").fill(Fixtures.OWNER_PASSWORD);
            page.locator("form.form button[type=submit]").click();
            page.waitForURL(base + "/admin");
            violations.addAll(reported(page));

            page.navigate(base + "/admin/albums/" + album.id());
            page.locator("#photos").setInputFiles(GeneratedPhotos.jpeg(dir.resolve("late.jpg"), 500, 400, 9));
            assertThat(page.locator(".upload__list")).containsText("late.jpg");
            violations.addAll(reported(page));
        }
        assertThat(violations).isEmpty();
    }

    @SuppressWarnings("unchecked")
    private static List<String> reported(Page page) {
        page.waitForLoadState();
        return (List<String>) page.evaluate("() => window.__csp");
    }
}
