package org.vitrine.user;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitrine.App;
import org.vitrine.testing.Fixtures;
import org.vitrine.testing.HttpSession;
import org.vitrine.testing.TestApp;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** First-run setup, sign-in with clear errors, rate limiting, and safe session cookies. */
class SignInTest {
    @TempDir
    Path dataDir;

    private App app;

    @BeforeEach
    void start() {
        app = TestApp.start(dataDir);
    }

    @AfterEach
    void stop() {
        app.close();
    }

    @Test
    void the_setup_link_creates_the_owner_once_and_then_stops_working() {
        var browser = new HttpSession(app.config().baseUrl());
        String path = app.setupLink().substring(app.config().baseUrl().toString().length());
        assertThat(browser.get("/setup?token=guess").statusCode()).isEqualTo(404);
        browser.csrfFrom(path);
        String token = path.substring(path.indexOf('=') + 1);
        var mismatch = browser.postForm("/setup", Map.of("token", token, "email", "me@example.com",
                "password", "long enough pass", "password2", "different pass!"));
        assertThat(mismatch.statusCode()).isEqualTo(422);
        assertThat(mismatch.body()).contains("not the same");
        var created = browser.postForm("/setup", Map.of("token", token, "email", "me@example.com",
                "password", "long enough pass", "password2", "long enough pass"));
        assertThat(created.statusCode()).isEqualTo(303);
        assertThat(browser.get("/admin").statusCode()).isEqualTo(200);
        assertThat(new HttpSession(app.config().baseUrl()).get(path).statusCode()).isEqualTo(404);
    }

    @Test
    void a_wrong_password_gets_a_clear_message_and_repeated_failures_are_slowed_down() {
        new Fixtures(app).owner();
        var browser = new HttpSession(app.config().baseUrl());
        browser.csrfFrom("/login");
        for (int i = 0; i < 5; i++) {
            var response = browser.postForm("/login", Map.of("email", Fixtures.OWNER_EMAIL, "password", "wrong" + i));
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.body()).contains("do not match");
        }
        var limited = browser.postForm("/login", Map.of("email", Fixtures.OWNER_EMAIL,
                "password", Fixtures.OWNER_PASSWORD));
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.body()).contains("Too many failed attempts");
    }

    @Test
    void the_session_cookie_is_http_only_and_same_site_lax() {
        new Fixtures(app).owner();
        var browser = new HttpSession(app.config().baseUrl());
        browser.csrfFrom("/login");
        var response = browser.postForm("/login", Map.of("email", Fixtures.OWNER_EMAIL,
                "password", Fixtures.OWNER_PASSWORD));
        assertThat(response.statusCode()).isEqualTo(303);
        String cookie = response.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("vitrine_session=")).findFirst().orElseThrow();
        assertThat(cookie).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Lax");
        assertThat(cookie).doesNotContainIgnoringCase("Secure");
    }

    @Test
    void signing_out_ends_the_session() {
        var browser = new Fixtures(app).signedIn();
        assertThat(browser.get("/admin").statusCode()).isEqualTo(200);
        browser.csrfFrom("/admin");
        assertThat(browser.postForm("/logout", Map.of()).statusCode()).isEqualTo(303);
        assertThat(browser.get("/admin").statusCode()).isEqualTo(303);
    }
}
