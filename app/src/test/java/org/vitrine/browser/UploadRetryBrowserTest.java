package org.vitrine.browser;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitrine.App;
import org.vitrine.access.Visibility;
import org.vitrine.album.Album;
import org.vitrine.browser.HeadlessChromium.Device;
import org.vitrine.testing.Fixtures;
import org.vitrine.testing.GeneratedPhotos;
import org.vitrine.testing.TestApp;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The upload script sends a file again when the connection is cut, with the same Idempotency-Key: here the first
 * try reaches the server and is stored, but its answer is lost, as when the web node dies before answering. The
 * page then shows the file as uploaded and the album holds it once.
 */
class UploadRetryBrowserTest {
    @TempDir
    Path dataDir;
    @TempDir
    Path files;

    @Test
    void an_upload_whose_answer_was_lost_is_sent_again_with_its_key_and_stored_once() {
        Path photo = GeneratedPhotos.jpeg(files.resolve("harbour.jpg"), 640, 480, 11);
        try (HeadlessChromium chromium = HeadlessChromium.launch(); App app = TestApp.start(dataDir);
             BrowserContext context = chromium.open(Device.DESKTOP)) {
            new Fixtures(app).owner();
            Album album = new Fixtures(app).album("Cut off", Visibility.PRIVATE);
            String base = TestApp.baseUrl(app).toString();
            Page page = context.newPage();
            page.navigate(base + "/login");
            page.locator("#email").fill(Fixtures.OWNER_EMAIL);
            page.locator("#password").fill(Fixtures.OWNER_PASSWORD);
            page.locator("form.form button[type=submit]").click();
            page.waitForURL(base + "/admin");

            List<String> keys = new CopyOnWriteArrayList<>();
            List<Integer> firstTryAnswer = new CopyOnWriteArrayList<>();
            String uploadPath = "/admin/albums/" + album.id() + "/photos";
            page.route(java.util.regex.Pattern.compile(".*" + uploadPath + "([?].*)?"), route -> {
                String key = route.request().headerValue("idempotency-key");
                keys.add(String.valueOf(key));
                if (keys.size() == 1) {
                    // The first try reaches the server and is stored (sent here from the test: Chromium does not
                    // hand a file's bytes to a route) ...
                    var sameTry = new Fixtures(app).signedIn().withHeader("Idempotency-Key", key);
                    sameTry.csrfFrom("/admin/albums/" + album.id());
                    firstTryAnswer.add(sameTry.upload(uploadPath, photo).statusCode());
                    // ... and the browser never hears back, as when the web node dies before answering.
                    route.abort("connectionreset");
                } else {
                    route.resume();
                }
            });
            page.navigate(base + "/admin/albums/" + album.id());
            page.locator("#photos").setInputFiles(photo);
            page.waitForFunction("() => document.querySelector('.upload-item.is-done, .upload-item.is-error')");

            assertThat(page.locator(".upload-item")).hasClass(java.util.regex.Pattern.compile("is-done"));
            assertThat(firstTryAnswer).as("the first try was stored").containsExactly(200);
            assertThat(keys).hasSize(2);
            assertThat(keys.get(0)).matches("[0-9a-f]{32}").isEqualTo(keys.get(1));
            assertThat(app.photos().listByAlbum(album.id())).hasSize(1);
        }
    }
}
