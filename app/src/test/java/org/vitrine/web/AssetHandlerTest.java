package org.vitrine.web;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.vitrine.App;
import org.vitrine.testing.HttpSession;
import org.vitrine.testing.TestApp;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Site assets through the real server: content-hashed names, a year-long immutable lifetime, the build's brotli
 * or gzip copy by Accept-Encoding (decoded here and compared with the asset itself), Vary, 304, and 404 for the
 * unhashed names.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AssetHandlerTest {
    @TempDir
    static Path dataDir;

    private App app;
    private HttpSession visitor;

    @BeforeAll
    void start() {
        app = TestApp.start(dataDir);
        visitor = new HttpSession(app.config().baseUrl());
    }

    @AfterAll
    void stop() {
        app.close();
    }

    @Test
    void an_asset_has_a_hashed_name_and_is_cached_for_a_year() throws IOException {
        String url = Assets.url("css/vitrine.css");
        assertThat(url).matches("/assets/css/vitrine\\.[0-9a-f]{12}\\.css");
        var response = visitor.getBytes(url, Map.of());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(header(response, "Cache-Control")).isEqualTo("public, max-age=31536000, immutable");
        assertThat(header(response, "Content-Type")).isEqualTo("text/css; charset=utf-8");
        assertThat(header(response, "Vary")).isEqualTo("Accept-Encoding");
        assertThat(response.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(header(response, "X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(response.body()).isEqualTo(source("css/vitrine.css"));
    }

    @Test
    void brotli_when_accepted_gzip_when_only_that_is_and_each_decodes_to_the_asset() throws Exception {
        String url = Assets.url("css/vitrine.css");
        byte[] plain = source("css/vitrine.css");

        var brotli = visitor.getBytes(url, Map.of("Accept-Encoding", "gzip, deflate, br, zstd"));
        assertThat(header(brotli, "Content-Encoding")).isEqualTo("br");
        assertThat(header(brotli, "Vary")).isEqualTo("Accept-Encoding");
        assertThat(brotli.body().length).isLessThan(plain.length).isEqualTo(
                Integer.parseInt(header(brotli, "Content-Length")));
        assertThat(unbrotli(brotli.body())).isEqualTo(plain);

        var gzip = visitor.getBytes(url, Map.of("Accept-Encoding", "gzip"));
        assertThat(header(gzip, "Content-Encoding")).isEqualTo("gzip");
        assertThat(header(gzip, "Vary")).isEqualTo("Accept-Encoding");
        assertThat(new GZIPInputStream(new ByteArrayInputStream(gzip.body())).readAllBytes()).isEqualTo(plain);

        var brRefused = visitor.getBytes(url, Map.of("Accept-Encoding", "br;q=0, gzip;q=0.5"));
        assertThat(header(brRefused, "Content-Encoding")).isEqualTo("gzip");

        var neither = visitor.getBytes(url, Map.of("Accept-Encoding", "identity"));
        assertThat(neither.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(neither.body()).isEqualTo(plain);
        assertThat(header(neither, "ETag")).isNotIn(header(gzip, "ETag"), header(brotli, "ETag"));
    }

    @Test
    void the_browser_s_copy_is_304_for_the_same_coding_only() {
        String url = Assets.url("js/justify.js");
        var gzip = visitor.getBytes(url, Map.of("Accept-Encoding", "gzip"));
        String etag = header(gzip, "ETag");

        var same = visitor.getBytes(url, Map.of("Accept-Encoding", "gzip", "If-None-Match", etag));
        assertThat(same.statusCode()).isEqualTo(304);
        assertThat(same.body()).isEmpty();
        assertThat(header(same, "Vary")).isEqualTo("Accept-Encoding");

        var other = visitor.getBytes(url, Map.of("Accept-Encoding", "br", "If-None-Match", etag));
        assertThat(other.statusCode()).isEqualTo(200);
        assertThat(header(other, "Content-Encoding")).isEqualTo("br");
    }

    @Test
    void unhashed_and_unknown_names_are_the_site_s_404_page() {
        for (String url : new String[]{"/assets/css/vitrine.css", "/assets/js/gallery.js",
                "/assets/css/vitrine.000000000000.css", "/assets/"}) {
            var response = visitor.get(url);
            assertThat(response.statusCode()).as(url).isEqualTo(404);
            assertThat(response.body()).as(url).contains("<h1>Not found</h1>");
        }
    }

    @Test
    void every_asset_a_page_or_module_names_is_served_with_its_type() {
        String home = visitor.get("/login").body();
        var urls = Pattern.compile("/assets/[A-Za-z0-9._/-]+").matcher(home).results().map(m -> m.group()).toList();
        assertThat(urls).contains(Assets.url("css/vitrine.css"), Assets.url("favicon.svg"));
        for (String url : urls) {
            assertThat(visitor.getBytes(url, Map.of()).statusCode()).as(url).isEqualTo(200);
        }
        // The gallery module imports PhotoSwipe by its hashed names.
        var gallery = visitor.getBytes(Assets.url("js/gallery.js"), Map.of());
        assertThat(header(gallery, "Content-Type")).isEqualTo("text/javascript; charset=utf-8");
        String module = new String(gallery.body(), StandardCharsets.UTF_8);
        assertThat(module).contains(Assets.url("vendor/photoswipe/photoswipe-lightbox.esm.min.js"),
                Assets.url("vendor/photoswipe/photoswipe.esm.min.js"));
        assertThat(visitor.getBytes(Assets.url("vendor/photoswipe/photoswipe.esm.min.js"), Map.of()).statusCode())
                .isEqualTo(200);
        assertThat(header(visitor.getBytes(Assets.url("favicon.svg"), Map.of()), "Content-Type"))
                .isEqualTo("image/svg+xml");
    }

    @Test
    void accept_encoding_is_read_with_its_qualities() {
        assertThat(AcceptEncoding.accepts("gzip, br", "br")).isTrue();
        assertThat(AcceptEncoding.accepts("gzip;q=1.0, br;q=0", "br")).isFalse();
        assertThat(AcceptEncoding.accepts("*", "br")).isTrue();
        assertThat(AcceptEncoding.accepts("*;q=0, gzip", "br")).isFalse();
        assertThat(AcceptEncoding.accepts("br;q=0.5, *;q=0", "br")).isTrue();
        assertThat(AcceptEncoding.accepts("identity", "gzip")).isFalse();
        assertThat(AcceptEncoding.accepts(null, "gzip")).isFalse();
        assertThat(AcceptEncoding.accepts("GZIP;q=bad", "gzip")).isFalse();
    }

    private static byte[] source(String path) throws IOException {
        try (var in = AssetHandlerTest.class.getClassLoader().getResourceAsStream("assets/" + path)) {
            return in.readAllBytes();
        }
    }

    /** Decodes brotli with Node's zlib (the build's own tool; Java has no brotli decoder). */
    private static byte[] unbrotli(byte[] compressed) throws Exception {
        var node = new ProcessBuilder("node", "-e",
                "process.stdin.pipe(require('zlib').createBrotliDecompress()).pipe(process.stdout)").start();
        try (var in = node.getOutputStream()) {
            in.write(compressed);
        }
        byte[] out = node.getInputStream().readAllBytes();
        assertThat(node.waitFor()).isZero();
        return out;
    }

    private static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElseThrow(() -> new AssertionError("no " + name + " header"));
    }
}
