package org.vitrine.proxy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitrine.App;
import org.vitrine.testing.HttpSession;
import org.vitrine.testing.NginxProcess;
import org.vitrine.testing.TestApp;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * BehindNginxTest runs the site behind nginx with the configuration of docs/deploy/nginx.conf, TLS ending at
 * nginx, as the deployment guide sets it up.
 */
class BehindNginxTest {
    static final String BASE_URL = "https://photos.example.org";

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
        HttpSession visitor = nginx.session();
        var home = visitor.get("/");
        assertThat(home.statusCode()).isEqualTo(200);
        assertThat(home.version()).isEqualTo(java.net.http.HttpClient.Version.HTTP_2);

        var plain = new HttpSession(nginx.plainHttpUrl()).get("/login?next=/admin");
        assertThat(plain.statusCode()).isEqualTo(301);
        assertThat(plain.headers().firstValue("Location")).hasValueSatisfying(location ->
                assertThat(location).startsWith("https://").endsWith("/login?next=/admin"));
    }
}
