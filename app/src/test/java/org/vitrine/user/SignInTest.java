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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * First-run setup, sign-in with clear errors, rate limiting that slows guessing without locking the owner out,
 * returning to the page the user came from, and sessions that end when they should.
 */
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

    @Test
    void simultaneous_submissions_of_the_setup_link_create_exactly_one_owner() throws Exception {
        String path = app.setupLink().substring(app.config().baseUrl().toString().length());
        String token = path.substring(path.indexOf('=') + 1);
        int submissions = 8;
        List<HttpSession> browsers = new ArrayList<>();
        for (int i = 0; i < submissions; i++) {
            var browser = new HttpSession(app.config().baseUrl());
            browser.csrfFrom(path);
            browsers.add(browser);
        }
        var start = new CountDownLatch(1);
        List<Future<Integer>> statuses = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(submissions)) {
            for (int i = 0; i < submissions; i++) {
                var browser = browsers.get(i);
                String email = "owner" + i + "@example.com";
                statuses.add(pool.submit(() -> {
                    start.await();
                    return browser.postForm("/setup", Map.of("token", token, "email", email,
                            "password", "long enough pass", "password2", "long enough pass")).statusCode();
                }));
            }
            start.countDown();
        }
        List<Integer> answered = new ArrayList<>();
        for (var status : statuses) {
            answered.add(status.get());
        }

        assertThat(answered.stream().filter(s -> s == 303).count()).as("statuses %s", answered).isEqualTo(1);
        assertThat(answered.stream().filter(s -> s >= 500).count()).as("statuses %s", answered).isZero();
        assertThat((int) app.database().jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM users")
                .mapTo(Integer.class).one())).isEqualTo(1);
    }

    @Test
    void changing_the_password_signs_out_every_session_of_the_account() {
        var phone = new Fixtures(app).signedIn();
        var laptop = new Fixtures(app).signedIn();
        assertThat(phone.get("/admin").statusCode()).isEqualTo(200);

        // What `vitrine user password EMAIL` runs.
        app.accounts().changePassword(Fixtures.OWNER_EMAIL, "a brand new passphrase");

        assertThat(phone.get("/admin").statusCode()).isEqualTo(303);
        assertThat(laptop.get("/admin").statusCode()).isEqualTo(303);
        var again = new HttpSession(app.config().baseUrl());
        again.csrfFrom("/login");
        assertThat(again.postForm("/login", Map.of("email", Fixtures.OWNER_EMAIL,
                "password", "a brand new passphrase")).statusCode()).isEqualTo(303);
    }

    @Test
    void after_signing_in_the_user_lands_on_the_page_they_came_from() {
        new Fixtures(app).owner();
        var browser = new HttpSession(app.config().baseUrl());
        var bounced = browser.get("/admin/albums/new");
        assertThat(bounced.statusCode()).isEqualTo(303);
        String login = bounced.headers().firstValue("Location").orElseThrow();
        assertThat(login).isEqualTo("/login?next=%2Fadmin%2Falbums%2Fnew");

        assertThat(browser.get(login).body()).contains("<input type=\"hidden\" name=\"next\" value=\"/admin/albums/new\">");
        browser.csrfFrom(login);
        // The form's fields, as the browser sends them.
        var response = browser.postForm("/login", Map.of("email", Fixtures.OWNER_EMAIL,
                "password", Fixtures.OWNER_PASSWORD, "next", "/admin/albums/new"));

        assertThat(response.statusCode()).isEqualTo(303);
        assertThat(response.headers().firstValue("Location")).hasValue("/admin/albums/new");
    }

    @Test
    void after_signing_in_a_next_that_leads_to_another_site_is_ignored() {
        new Fixtures(app).owner();
        for (String next : List.of("//evil.example", "/\\evil.example", "https://evil.example/",
                "/\tevil.example", "/\t/evil.example", "/\r\nSet-Cookie: x=1", "javascript:alert(1)", "evil.example")) {
            var browser = new HttpSession(app.config().baseUrl());
            browser.csrfFrom("/login");
            var response = browser.postForm("/login", Map.of("email", Fixtures.OWNER_EMAIL,
                    "password", Fixtures.OWNER_PASSWORD, "next", next));
            assertThat(response.statusCode()).as(next).isEqualTo(303);
            assertThat(response.headers().firstValue("Location")).as(next).hasValue("/admin");
        }
    }

    @Test
    void failures_from_one_address_do_not_keep_the_owner_out_from_another() {
        app.close();
        app = TestApp.start(dataDir, Map.of("VITRINE_TRUSTED_PROXIES", "127.0.0.1, ::1"));
        new Fixtures(app).owner();
        var attacker = new HttpSession(app.config().baseUrl()).withHeader("X-Forwarded-For", "203.0.113.9");
        attacker.csrfFrom("/login");
        for (int i = 0; i < 8; i++) {
            attacker.postForm("/login", Map.of("email", Fixtures.OWNER_EMAIL, "password", "guess number " + i));
        }
        var refused = attacker.postForm("/login", Map.of("email", Fixtures.OWNER_EMAIL,
                "password", Fixtures.OWNER_PASSWORD));
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();

        var owner = new HttpSession(app.config().baseUrl()).withHeader("X-Forwarded-For", "198.51.100.7");
        owner.csrfFrom("/login");
        var response = owner.postForm("/login", Map.of("email", Fixtures.OWNER_EMAIL,
                "password", Fixtures.OWNER_PASSWORD));

        assertThat(response.statusCode()).isEqualTo(303);
    }

    @Test
    void a_forwarded_address_is_not_believed_unless_the_proxy_is_trusted() {
        new Fixtures(app).owner();
        var attacker = new HttpSession(app.config().baseUrl()).withHeader("X-Forwarded-For", "203.0.113.9");
        attacker.csrfFrom("/login");
        for (int i = 0; i < 5; i++) {
            attacker.postForm("/login", Map.of("email", Fixtures.OWNER_EMAIL, "password", "guess number " + i));
        }
        // A new X-Forwarded-For on each try must not buy a fresh allowance.
        var spoofed = new HttpSession(app.config().baseUrl()).withHeader("X-Forwarded-For", "198.51.100.7");
        spoofed.csrfFrom("/login");
        var response = spoofed.postForm("/login", Map.of("email", Fixtures.OWNER_EMAIL, "password", "guess number 6"));

        assertThat(response.statusCode()).isEqualTo(429);
    }
}
