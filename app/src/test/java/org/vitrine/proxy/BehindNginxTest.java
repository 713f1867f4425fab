package org.vitrine.proxy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitrine.App;
import org.vitrine.access.Visibility;
import org.vitrine.testing.Fixtures;
import org.vitrine.testing.HttpSession;
import org.vitrine.testing.NginxProcess;
import org.vitrine.testing.TestApp;

import java.net.InetAddress;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * BehindNginxTest runs the site behind nginx with the configuration of docs/deploy/nginx.conf, TLS ending at
 * nginx and nginx in VITRINE_TRUSTED_PROXIES, as docs/deploy.md sets it up.
 */
class BehindNginxTest {
    static final String BASE_URL = "https://photos.example.org";
    private static final Pattern ABSOLUTE_URL = Pattern.compile("(?:https?:)?//[^\"'<>\\s)]+");

    @TempDir
    Path dir;

    private App app;
    private NginxProcess nginx;

    @BeforeEach
    void start() {
        app = TestApp.start(dir.resolve("data"), Map.of("VITRINE_BASE_URL", BASE_URL,
                "VITRINE_TRUSTED_PROXIES", "127.0.0.1"));
        nginx = NginxProcess.start(dir, app);
    }

    @AfterEach
    void stop() {
        if (nginx != null) {
            nginx.close();
        }
        app.close();
    }

    @Test
    void pages_are_served_over_tls_and_plain_http_only_redirects_to_https() {
        var home = nginx.session().get("/");
        assertThat(home.statusCode()).isEqualTo(200);
        assertThat(home.version()).isEqualTo(HttpClient.Version.HTTP_2);

        var plain = new HttpSession(nginx.plainHttpUrl()).get("/login?next=/admin");
        assertThat(plain.statusCode()).isEqualTo(301);
        assertThat(plain.headers().firstValue("Location")).hasValueSatisfying(location ->
                assertThat(location).startsWith("https://").endsWith("/login?next=/admin"));
    }

    @Test
    void signing_in_through_nginx_sets_secure_cookies_and_redirects_stay_on_the_proxy() {
        new Fixtures(app).owner();
        var owner = nginx.session();
        owner.csrfFrom("/login?next=/admin");
        var signedIn = owner.postForm("/login", Map.of("email", Fixtures.OWNER_EMAIL,
                "password", Fixtures.OWNER_PASSWORD, "next", "/admin"));
        assertThat(signedIn.statusCode()).isEqualTo(303);
        List<String> cookies = signedIn.headers().allValues("Set-Cookie");
        assertThat(cookies).anySatisfy(c -> assertThat(c).startsWith("vitrine_session="));
        assertThat(cookies).allSatisfy(c -> assertThat(c).containsIgnoringCase("; Secure"));
        // The address behind nginx (http://127.0.0.1:PORT) must never reach the browser.
        String location = signedIn.headers().firstValue("Location").orElseThrow();
        assertThat(location).satisfiesAnyOf(l -> assertThat(l).startsWith("/"),
                l -> assertThat(l).startsWith(BASE_URL + "/"));
        assertThat(owner.get("/admin").statusCode()).isEqualTo(200);

        var anonymous = nginx.session().get("/admin");
        assertThat(anonymous.statusCode()).isEqualTo(303);
        assertThat(anonymous.headers().firstValue("Location").orElseThrow()).doesNotContain("127.0.0.1");
    }

    @Test
    void absolute_urls_in_link_previews_feeds_and_the_sitemap_use_the_base_url_whatever_the_request_says() {
        var album = new Fixtures(app).album("Harbour", Visibility.PUBLIC);
        // Headers a client may forge; nginx replaces X-Forwarded-Proto and X-Forwarded-For, drops Forwarded.
        var visitor = nginx.session().withHeader("X-Forwarded-Host", "evil.example")
                .withHeader("X-Forwarded-Proto", "http").withHeader("Forwarded", "host=evil.example;proto=http");
        for (String path : List.of("/", "/feed.atom", "/sitemap.xml", "/robots.txt", album.path(),
                album.path() + "/feed.atom")) {
            HttpResponse<String> response = visitor.get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            List<String> urls = ABSOLUTE_URL.matcher(response.body()).results().map(java.util.regex.MatchResult::group)
                    .filter(u -> !u.startsWith("http://www.w3.org/") && !u.startsWith("http://www.sitemaps.org/"))
                    .toList();
            assertThat(urls).as("absolute URLs on " + path).isNotEmpty()
                    .allSatisfy(u -> assertThat(u).startsWith(BASE_URL + "/"));
        }
        String albumPage = visitor.get(album.path()).body();
        assertThat(albumPage).contains("property=\"og:url\" content=\"" + BASE_URL + album.path() + "\"");
    }

    @Test
    void the_sign_in_rate_limit_counts_each_client_address_behind_nginx_not_the_proxys() throws Exception {
        new Fixtures(app).owner();
        var guesser = signInForm(nginx.session(from("127.0.0.5")));
        for (int i = 0; i < 5; i++) {
            assertThat(signIn(guesser, "wrong" + i).statusCode()).isEqualTo(401);
        }
        assertThat(signIn(guesser, Fixtures.OWNER_PASSWORD).statusCode()).as("after 5 failures").isEqualTo(429);
        // Headers the guesser writes do not make it someone else: nginx replaces them with the address it sees.
        for (String forged : List.of("198.51.100.7", "127.0.0.6")) {
            var disguised = signInForm(nginx.session(from("127.0.0.5")).withHeader("X-Forwarded-For", forged)
                    .withHeader("Forwarded", "for=" + forged));
            assertThat(signIn(disguised, Fixtures.OWNER_PASSWORD).statusCode()).as("claiming " + forged)
                    .isEqualTo(429);
        }

        // The owner, at another address, still signs in through the same nginx: the limit is not on nginx's address.
        var owner = signInForm(nginx.session(from("127.0.0.6")));
        assertThat(signIn(owner, Fixtures.OWNER_PASSWORD).statusCode()).isEqualTo(303);
    }

    private static java.util.function.Consumer<HttpClient.Builder> from(String loopbackAddress) {
        return builder -> builder.localAddress(InetAddress.ofLiteral(loopbackAddress));
    }

    private static HttpSession signInForm(HttpSession session) {
        session.csrfFrom("/login");
        return session;
    }

    private static HttpResponse<String> signIn(HttpSession session, String password) {
        return session.postForm("/login", Map.of("email", Fixtures.OWNER_EMAIL, "password", password));
    }
}
