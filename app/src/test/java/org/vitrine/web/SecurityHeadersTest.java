package org.vitrine.web;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitrine.App;
import org.vitrine.testing.TestApp;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Every response carries the security headers; an https site adds HSTS and marks every cookie Secure. */
class SecurityHeadersTest {
    private static final Pattern CSRF_INPUT = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    @TempDir
    Path dataDir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void a_site_on_plain_http_sends_a_content_security_policy_but_no_hsts() throws Exception {
        try (App app = TestApp.start(dataDir)) {
            var page = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                    assertThat(csp).contains("default-src 'self'", "script-src 'self'", "frame-ancestors 'none'")
                            .doesNotContain("script-src 'self' 'unsafe-inline'"));
            assertThat(page.headers().firstValue("Strict-Transport-Security")).isEmpty();
        }
    }

    @Test
    void a_site_on_https_sends_hsts_and_marks_the_one_time_message_cookie_secure() throws Exception {
        try (App app = TestApp.start(dataDir, Map.of("VITRINE_BASE_URL", "https://photos.example"))) {
            URI local = URI.create("http://127.0.0.1:" + app.port());
            var login = http.send(HttpRequest.newBuilder(local.resolve("/login")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(login.headers().firstValue("Strict-Transport-Security")).hasValue("max-age=31536000");
            String visitorCookie = login.headers().allValues("Set-Cookie").stream()
                    .filter(c -> c.startsWith("vitrine_csrf=")).findFirst().orElseThrow();
            assertThat(visitorCookie).containsIgnoringCase("Secure");
            var token = CSRF_INPUT.matcher(login.body());
            assertThat(token.find()).isTrue();

            // Signing out (even when not signed in) leaves a one-time message in the flash cookie.
            var out = http.send(HttpRequest.newBuilder(local.resolve("/logout"))
                            .header("Cookie", visitorCookie.split(";")[0])
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + token.group(1))).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(out.statusCode()).isEqualTo(303);
            assertThat(out.headers().allValues("Set-Cookie")).filteredOn(c -> c.startsWith("vitrine_flash="))
                    .singleElement().satisfies(c -> assertThat(c).containsIgnoringCase("Secure"));
        }
    }
}
