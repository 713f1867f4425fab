package org.vitrine.web;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitrine.App;
import org.vitrine.testing.Fixtures;
import org.vitrine.testing.HttpSession;
import org.vitrine.testing.TestApp;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** CSRF tokens belong to one session: they change at sign-in and a token planted in a cookie is worthless. */
class CsrfTokenTest {
    @TempDir
    Path dataDir;

    private App app;

    @BeforeEach
    void start() {
        app = TestApp.start(dataDir);
        new Fixtures(app).owner();
    }

    @AfterEach
    void stop() {
        app.close();
    }

    @Test
    void the_token_changes_at_sign_in_and_the_old_one_is_refused() {
        var browser = new HttpSession(app.config().baseUrl());
        String before = browser.csrfFrom("/login");
        assertThat(browser.postForm("/login", Map.of("email", Fixtures.OWNER_EMAIL,
                "password", Fixtures.OWNER_PASSWORD)).statusCode()).isEqualTo(303);

        String after = browser.csrfFrom("/admin");

        assertThat(after).isNotEqualTo(before);
        assertThat(browser.postFormRaw("/logout", Map.of("_csrf", before)).statusCode()).isEqualTo(403);
        assertThat(browser.postFormRaw("/logout", Map.of("_csrf", after)).statusCode()).isEqualTo(303);
    }

    @Test
    void a_token_chosen_by_an_attacker_and_planted_in_a_cookie_is_refused_for_a_signed_in_session() throws Exception {
        var login = new HttpSession(app.config().baseUrl());
        login.csrfFrom("/login");
        var response = login.postForm("/login", Map.of("email", Fixtures.OWNER_EMAIL,
                "password", Fixtures.OWNER_PASSWORD));
        String session = response.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("vitrine_session=")).findFirst().orElseThrow().split(";")[0];
        // A sibling subdomain (or a network attacker on plain http) can set cookies but not read them.
        String planted = "A".repeat(43);

        var forged = HttpClient.newHttpClient().send(HttpRequest.newBuilder(app.config().baseUrl().resolve("/logout"))
                        .header("Cookie", session + "; vitrine_csrf=" + planted)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + planted)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.body()).contains("This form has expired");
    }
}
