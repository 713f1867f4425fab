package org.vitrine.proxy;

import org.vitrine.App;
import org.vitrine.testing.NginxProcess;
import org.vitrine.testing.TestApp;

import java.nio.file.Path;
import java.util.Map;

/**
 * ProxiedSite is the site set up as docs/deploy.md says: behind nginx, which ends TLS and is the one trusted
 * proxy, with an https base URL that is not the address the tests connect to.
 */
public record ProxiedSite(App app, NginxProcess nginx) implements AutoCloseable {
    public static final String BASE_URL = "https://photos.example.org";

    public static ProxiedSite start(Path dir) {
        App app = TestApp.start(dir.resolve("data"), Map.of("VITRINE_BASE_URL", BASE_URL,
                "VITRINE_TRUSTED_PROXIES", "127.0.0.1"));
        try {
            return new ProxiedSite(app, NginxProcess.start(dir, app));
        } catch (RuntimeException | Error e) {
            app.close();
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            nginx.close();
        } finally {
            app.close();
        }
    }
}
