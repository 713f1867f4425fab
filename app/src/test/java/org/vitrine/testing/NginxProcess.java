package org.vitrine.testing;

import org.vitrine.App;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * NginxProcess is the machine's nginx (Debian nginx-light) started as a normal process, not a service, with the
 * site configuration of docs/deploy/nginx.conf: the file the documentation gives is the one the tests run. Only
 * what cannot be the same on a test machine is replaced: the upstream's server line (one per web node given,
 * which nginx then takes in turn), the listen lines (free loopback ports instead of 80 and 443) and the
 * certificate, a self-signed one made for 127.0.0.1 and localhost. TLS ends here as in production: the web
 * nodes behind it see plain HTTP with X-Forwarded-* headers.
 */
public final class NginxProcess implements AutoCloseable {
    static final Path NGINX = Path.of("/usr/sbin/nginx");

    private final EmulatorProcess process;
    private final Path dir;
    private final int httpPort;
    private final SSLContext trust;

    private NginxProcess(EmulatorProcess process, Path dir, int httpPort, SSLContext trust) {
        this.process = process;
        this.dir = dir;
        this.httpPort = httpPort;
        this.trust = trust;
    }

    /** Starts nginx in front of these running sites, in turn; skips (in CI fails) where nginx is missing. */
    public static NginxProcess start(Path dir, App... nodes) {
        return start(dir, java.util.Arrays.stream(nodes).map(NginxProcess::upstream).toList());
    }

    /** Starts nginx in front of these upstream addresses ({@code 127.0.0.1:PORT}), in turn. */
    public static NginxProcess start(Path dir, List<String> upstreams) {
        if (!Files.isExecutable(NGINX)) {
            EmulatorProcess.unavailable("no " + NGINX + " (apt-get install nginx-light)");
        }
        try {
            Path prefix = Files.createDirectories(dir.resolve("nginx"));
            int httpsPort = EmulatorProcess.freePort();
            int httpPort = EmulatorProcess.freePort();
            Path certificate = prefix.resolve("certificate.pem");
            Path key = prefix.resolve("key.pem");
            selfSignedCertificate(certificate, key, prefix.resolve("openssl.log"));
            String site = siteConfig(Files.readString(template()), upstreams, httpPort, httpsPort, certificate, key);
            Files.writeString(prefix.resolve("vitrine.conf"), site);
            Path main = prefix.resolve("nginx.conf");
            Files.writeString(main, mainConfig(prefix));
            Path errorLog = prefix.resolve("error.log");
            var process = EmulatorProcess.start("nginx", List.of(NGINX.toString(), "-p", prefix.toString(),
                    "-c", main.toString(), "-e", errorLog.toString(), "-g", "daemon off;"),
                    httpsPort, prefix.resolve("output.log"));
            return new NginxProcess(process, prefix, httpPort, trustOnly(certificate));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The address nginx reaches a site started by TestApp at. */
    public static String upstream(App app) {
        return "127.0.0.1:" + app.port();
    }

    /** The site through nginx, over TLS: {@code https://127.0.0.1:PORT/}. */
    public URI url() {
        return URI.create("https://127.0.0.1:" + process.port + "/");
    }

    /** The plain-HTTP server of the configuration, which only redirects to HTTPS. */
    public URI plainHttpUrl() {
        return URI.create("http://127.0.0.1:" + httpPort + "/");
    }

    /** TLS that trusts this nginx's certificate and nothing else, for HttpClient (browsers: ignore HTTPS errors). */
    public SSLContext sslContext() {
        return trust;
    }

    /** A browser-like session to the site through nginx. */
    public HttpSession session() {
        return session(builder -> { });
    }

    /** A session through nginx whose client is further set up (e.g. {@code localAddress} for another client). */
    public HttpSession session(Consumer<HttpClient.Builder> setup) {
        return new HttpSession(url(), builder -> {
            builder.sslContext(trust);
            setup.accept(builder);
        });
    }

    public Path errorLog() {
        return dir.resolve("error.log");
    }

    public Path accessLog() {
        return dir.resolve("access.log");
    }

    @Override
    public void close() {
        process.close();
    }

    static Path template() {
        // Maven runs the tests in app/; the configuration is in the repository's docs/.
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path file = d.resolve("docs/deploy/nginx.conf");
            if (Files.isRegularFile(file)) {
                return file;
            }
        }
        throw new IllegalStateException("docs/deploy/nginx.conf not found above " + Path.of("").toAbsolutePath());
    }

    /** The documented site file with the machine-specific lines replaced; each must be there exactly once. */
    static String siteConfig(String template, List<String> upstreams, int httpPort, int httpsPort,
                             Path certificate, Path key) {
        if (upstreams.isEmpty()) {
            throw new IllegalArgumentException("nginx needs at least one upstream");
        }
        String servers = upstreams.stream().map(u -> "server " + u + ";").collect(Collectors.joining("\n    "));
        String site = replaceOnce(template, "server 127.0.0.1:8080;", servers);
        site = replaceOnce(site, "listen 80;", "listen 127.0.0.1:" + httpPort + ";");
        site = replaceOnce(site, "listen [::]:80;", "");
        site = replaceOnce(site, "listen 443 ssl http2;", "listen 127.0.0.1:" + httpsPort + " ssl http2;");
        site = replaceOnce(site, "listen [::]:443 ssl http2;", "");
        site = replaceDirective(site, "ssl_certificate", certificate);
        return replaceDirective(site, "ssl_certificate_key", key);
    }

    private static String replaceOnce(String text, String line, String replacement) {
        int at = text.indexOf(line);
        if (at < 0 || text.indexOf(line, at + 1) >= 0) {
            throw new IllegalStateException("docs/deploy/nginx.conf should have the line '" + line
                    + "' exactly once: the tests replace it (see testing/NginxProcess)");
        }
        return text.substring(0, at) + replacement + text.substring(at + line.length());
    }

    private static String replaceDirective(String text, String directive, Path file) {
        Matcher m = Pattern.compile("(?m)^(\\s*)" + directive + "\\s+[^;\\s]+;").matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("docs/deploy/nginx.conf has no " + directive + " line");
        }
        return m.replaceFirst(Matcher.quoteReplacement(m.group(1) + directive + " " + file + ";"));
    }

    /** What /etc/nginx/nginx.conf gives on a real server, with every file inside the prefix folder. */
    private static String mainConfig(Path prefix) {
        // A master started as root hands work to "nobody", who may not enter JUnit's private temporary folder.
        String user = "root".equals(System.getProperty("user.name")) ? "user root;\n" : "";
        return user + """
                worker_processes 1;
                pid %1$s/nginx.pid;
                # warn: nginx says there when it had to spool a request body to disk.
                error_log %1$s/error.log warn;
                events {
                    worker_connections 512;
                }
                http {
                    access_log %1$s/access.log;
                    client_body_temp_path %1$s/client_body;
                    proxy_temp_path %1$s/proxy;
                    fastcgi_temp_path %1$s/fastcgi;
                    uwsgi_temp_path %1$s/uwsgi;
                    scgi_temp_path %1$s/scgi;
                    include %1$s/vitrine.conf;
                }
                """.formatted(prefix);
    }

    private static void selfSignedCertificate(Path certificate, Path key, Path log) throws IOException {
        var openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                "-keyout", key.toString(), "-out", certificate.toString(), "-days", "2",
                "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        try {
            Process p = openssl.start();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("openssl could not make a test certificate; see " + log);
            }
        } catch (IOException e) {
            EmulatorProcess.unavailable("openssl could not be started (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static SSLContext trustOnly(Path certificate) {
        try (InputStream in = Files.newInputStream(certificate)) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            store.setCertificateEntry("nginx", CertificateFactory.getInstance("X.509").generateCertificate(in));
            var factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "nginx at " + url();
    }
}
