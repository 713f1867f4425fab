package org.vitrine.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * HttpSession is a browser-like HTTP client for tests: it keeps cookies, reads the CSRF token from pages,
 * posts forms and uploads files as multipart, like a real browser would.
 */
public final class HttpSession {
    private static final Pattern CSRF_INPUT = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"|value=\"([^\"]+)\"\\s+name=\"_csrf\"");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final HttpClient client;
    private String csrf;
    private final Map<String, String> headers = new LinkedHashMap<>();

    public HttpSession(URI base) {
        this(base, builder -> { });
    }

    /** A session whose client is further set up, e.g. to trust a test certificate or to send from another address. */
    public HttpSession(URI base, java.util.function.Consumer<HttpClient.Builder> setup) {
        this.base = base;
        var builder = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER);
        setup.accept(builder);
        this.client = builder.build();
    }

    /** Sends this header with every later page request and form post (e.g. X-Forwarded-For from a proxy). */
    public HttpSession withHeader(String name, String value) {
        headers.put(name, value);
        return this;
    }

    private HttpRequest.Builder request(String path) {
        var builder = HttpRequest.newBuilder(base.resolve(path));
        headers.forEach(builder::header);
        return builder;
    }

    public HttpResponse<String> get(String path) {
        return send(request(path).GET().build());
    }

    public HttpResponse<byte[]> getBytes(String path, Map<String, String> headers) {
        var builder = HttpRequest.newBuilder(base.resolve(path)).GET();
        headers.forEach(builder::header);
        try {
            return client.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<String> head(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
    }

    public JsonNode json(String path) {
        var response = get(path);
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return parse(response.body());
    }

    public static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    /** Loads a page to get the CSRF token (and its cookie), as a browser does before posting a form. */
    public String csrfFrom(String path) {
        var page = get(path);
        var m = CSRF_INPUT.matcher(page.body());
        if (!m.find()) {
            throw new AssertionError("no CSRF field on " + path + " (status " + page.statusCode() + ")");
        }
        csrf = m.group(1) != null ? m.group(1) : m.group(2);
        return csrf;
    }

    /** Posts a form with the CSRF token taken from the last page that had one. */
    public HttpResponse<String> postForm(String path, Map<String, String> fields) {
        Map<String, String> all = new LinkedHashMap<>(fields);
        if (csrf != null) {
            all.putIfAbsent("_csrf", csrf);
        }
        return postFormRaw(path, all);
    }

    /** Posts exactly these fields, no token added. */
    public HttpResponse<String> postFormRaw(String path, Map<String, String> fields) {
        String body = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(request(path)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** Uploads files as the upload script does: multipart field "photos", CSRF header, JSON answer. */
    public HttpResponse<String> upload(String path, List<Path> files, List<String> names) {
        String boundary = "----vitrine" + UUID.randomUUID();
        List<InputStream> parts = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < files.size(); i++) {
                String header = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"photos\"; filename=\""
                        + names.get(i).replace("\"", "%22") + "\"\r\nContent-Type: application/octet-stream\r\n\r\n";
                parts.add(new java.io.ByteArrayInputStream(header.getBytes(StandardCharsets.UTF_8)));
                parts.add(Files.newInputStream(files.get(i)));
                parts.add(new java.io.ByteArrayInputStream("\r\n".getBytes(StandardCharsets.UTF_8)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        parts.add(new java.io.ByteArrayInputStream(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8)));
        var body = new SequenceInputStream(Collections.enumeration(parts));
        var builder = request(path)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> body));
        if (csrf != null) {
            builder.header("X-CSRF-Token", csrf);
        }
        return send(builder.build());
    }

    /** Posts a hand-made multipart body (for malformed ones), with the CSRF header, asking for JSON. */
    public HttpResponse<String> postMultipart(String path, String boundary, String body) {
        var builder = request(path)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.ISO_8859_1));
        if (csrf != null) {
            builder.header("X-CSRF-Token", csrf);
        }
        return send(builder.build());
    }

    /** The cookies this browser would send to the site, as a Cookie header value. */
    public String cookieHeader() {
        var cookies = ((CookieManager) client.cookieHandler().orElseThrow()).getCookieStore().get(base);
        return cookies.stream().map(c -> c.getName() + "=" + c.getValue()).collect(Collectors.joining("; "));
    }

    public HttpResponse<String> upload(String path, Path file) {
        return upload(path, List.of(file), List.of(file.getFileName().toString()));
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
