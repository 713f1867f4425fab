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
    private static final String BASE_URL = ProxiedSite.BASE_URL;
    private static final Pattern ABSOLUTE_URL = Pattern.compile("(?:https?:)?//[^\"'<>\\s)]+");

    @TempDir
    Path dir;

    private ProxiedSite site;
    private App app;
    private NginxProcess nginx;

    @BeforeEach
    void start() {
        site = ProxiedSite.start(dir);
        app = site.app();
        nginx = site.nginx();
    }

    @AfterEach
    void stop() {
        if (site != null) {
            site.close();
        }
    }

    @Test
    void pages_are_served_over_tls_and_plain_http_only_redirects_to_https() {
        var home = nginx.session().get("/");
        assertThat(home.statusCode()).isEqualTo(200);
        assertThat(home.version()).isEqualTo(HttpClient.Version.HTTP_2);
        // The base URL is https, so browsers are told to come back over TLS only.
        assertThat(home.headers().firstValue("Strict-Transport-Security")).isPresent();

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
}
