package org.vitrine.web;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * AssetHandler serves the site's assets (CSS, JS, fonts, icons) under their content-hashed names
 * ({@link Assets}), in front of Javalin: from memory, cached for a year as immutable, as the brotli or gzip copy
 * made at build time when the browser accepts it (with {@code Vary: Accept-Encoding}), else as they are.
 *
 * <p>Unhashed names ({@code /assets/css/vitrine.css}) are not served: they are 404, the site's usual page. The
 * site never links them, and a name that does not change with its content cannot be cached for a year; a
 * redirect would cost every old link a second request and need a cache lifetime of its own, for no page that
 * exists. A page cached from before a change names the old hashes, which are 404 too: pages are not cached
 * (they carry the CSRF token), so that lasts one reload.
 */
public final class AssetHandler extends Handler.Wrapper {
    private static final HttpField IMMUTABLE =
            new PreEncodedHttpField(HttpHeader.CACHE_CONTROL, "public, max-age=31536000, immutable");
    private static final HttpField VARY = new PreEncodedHttpField(HttpHeader.VARY, "Accept-Encoding");
    private static final HttpField BROTLI = new PreEncodedHttpField(HttpHeader.CONTENT_ENCODING, "br");
    private static final HttpField GZIP = new PreEncodedHttpField(HttpHeader.CONTENT_ENCODING, "gzip");

    private final Map<String, Asset> assets;

    /** One way of sending an asset: its bytes and all its headers, encoded once. */
    private record Variant(ByteBuffer bytes, String etag, HttpField[] headers, HttpField[] notModified) {
    }

    /** An asset as it is, and its compressed copies when the build made them (null otherwise). */
    private record Asset(Variant identity, Variant gzip, Variant brotli) {
        Variant forEncodings(String acceptEncoding) {
            if (brotli != null && AcceptEncoding.accepts(acceptEncoding, "br")) {
                return brotli;
            }
            if (gzip != null && AcceptEncoding.accepts(acceptEncoding, "gzip")) {
                return gzip;
            }
            return identity;
        }
    }

    public AssetHandler(SecurityHeaders securityHeaders) {
        var loaded = new HashMap<String, Asset>();
        for (String hashed : Assets.all().values()) {
            loaded.put(Assets.PREFIX + hashed, load(hashed, securityHeaders.fields()));
        }
        this.assets = Map.copyOf(loaded);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = Request.getPathInContext(request);
        if (!path.startsWith(Assets.PREFIX)) {
            return super.handle(request, response, callback);
        }
        Asset asset = assets.get(path);
        String method = request.getMethod();
        boolean head = HttpMethod.HEAD.is(method);
        if (asset == null || (!head && !HttpMethod.GET.is(method))) {
            return super.handle(request, response, callback);
        }
        Variant variant = asset.forEncodings(request.getHeaders().get(HttpHeader.ACCEPT_ENCODING));
        var headers = response.getHeaders();
        if (variant.etag().equals(request.getHeaders().get(HttpHeader.IF_NONE_MATCH))) {
            for (HttpField field : variant.notModified()) {
                headers.add(field);
            }
            response.setStatus(HttpStatus.NOT_MODIFIED_304);
            callback.succeeded();
            return true;
        }
        for (HttpField field : variant.headers()) {
            headers.add(field);
        }
        response.write(true, head ? null : variant.bytes().slice(), callback);
        return true;
    }

    private static Asset load(String hashed, List<HttpField> securityHeaders) {
        byte[] identity = read(hashed);
        byte[] gzip = read(hashed + ".gz");
        byte[] brotli = read(hashed + ".br");
        if (identity == null) {
            throw new IllegalStateException("the asset " + hashed + " is in the manifest but not in the jar");
        }
        boolean compressed = gzip != null || brotli != null;
        String type = contentType(hashed);
        // The hash in the name is the content's; each coding is other bytes, so it gets its own ETag.
        String tag = hashed.substring(hashed.lastIndexOf('.', hashed.lastIndexOf('.') - 1) + 1,
                hashed.lastIndexOf('.'));
        return new Asset(variant(identity, "\"" + tag + "\"", null, compressed, type, securityHeaders),
                gzip == null ? null : variant(gzip, "\"" + tag + "-gz\"", GZIP, true, type, securityHeaders),
                brotli == null ? null : variant(brotli, "\"" + tag + "-br\"", BROTLI, true, type, securityHeaders));
    }

    private static Variant variant(byte[] bytes, String etag, HttpField encoding, boolean varies, String type,
                                   List<HttpField> securityHeaders) {
        var common = new ArrayList<>(securityHeaders);
        common.add(IMMUTABLE);
        common.add(new PreEncodedHttpField(HttpHeader.ETAG, etag));
        if (varies) {
            common.add(VARY);
        }
        var all = new ArrayList<>(common);
        all.add(new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, type));
        if (encoding != null) {
            all.add(encoding);
        }
        all.add(new PreEncodedHttpField(HttpHeader.CONTENT_LENGTH, String.valueOf(bytes.length)));
        ByteBuffer buffer = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip().asReadOnlyBuffer();
        return new Variant(buffer, etag, all.toArray(HttpField[]::new), common.toArray(HttpField[]::new));
    }

    private static byte[] read(String hashed) {
        try (InputStream in = AssetHandler.class.getClassLoader().getResourceAsStream(Assets.FOLDER + hashed)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String contentType(String name) {
        String extension = name.substring(name.lastIndexOf('.') + 1);
        return switch (extension) {
            case "css" -> "text/css; charset=utf-8";
            case "js", "mjs" -> "text/javascript; charset=utf-8";
            case "json", "map" -> "application/json";
            case "svg" -> "image/svg+xml";
            case "png" -> "image/png";
            case "ico" -> "image/x-icon";
            case "webp" -> "image/webp";
            case "woff2" -> "font/woff2";
            case "woff" -> "font/woff";
            case "ttf" -> "font/ttf";
            case "otf" -> "font/otf";
            case "txt" -> "text/plain; charset=utf-8";
            default -> "application/octet-stream";
        };
    }
}
