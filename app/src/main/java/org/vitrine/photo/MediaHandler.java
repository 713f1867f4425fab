package org.vitrine.photo;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vitrine.storage.BlobStore;
import org.vitrine.web.ByteRange;
import org.vitrine.web.FileNames;
import org.vitrine.web.MappedFiles;
import org.vitrine.web.RequestCredentials;
import org.vitrine.web.SecurityHeaders;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * MediaHandler answers image requests (/media/d/..., /media/o/...) as a plain Jetty handler in front of Javalin:
 * no servlet request, no routing, no per-request header building. The access decision is the same as everywhere
 * ({@link MediaLookup}: the {@link MediaIndex} and the access policy, for the viewer of the request's cookies);
 * a file it may send is answered from its memory mapping with headers encoded once per file.
 *
 * <p>It answers only what it can answer well: a file the viewer may see that is a mapped local file, in full, as
 * a range, or as 304. Everything else (a refusal, no such file, a range that cannot be satisfied, a file in cloud
 * storage or too large to map, a failure) goes on to Javalin's {@link MediaController}, which decides the same way
 * and gives the site's usual styled answers.
 */
public final class MediaHandler extends Handler.Wrapper {
    private static final Logger log = LoggerFactory.getLogger(MediaHandler.class);
    /** At most this many files' headers are kept; past it the cache starts again empty. */
    static final int MAX_PREPARED = 8192;
    private static final HttpField PUBLIC_IMMUTABLE =
            new PreEncodedHttpField(HttpHeader.CACHE_CONTROL, "public, max-age=31536000, immutable");
    private static final HttpField PRIVATE_IMMUTABLE =
            new PreEncodedHttpField(HttpHeader.CACHE_CONTROL, "private, max-age=31536000, immutable");
    private static final HttpField NOINDEX = new PreEncodedHttpField("X-Robots-Tag", "noindex");
    private static final HttpField ACCEPT_RANGES = new PreEncodedHttpField(HttpHeader.ACCEPT_RANGES, "bytes");

    private final boolean enabled;
    private final MediaLookup lookup;
    private final MappedFiles mapped;
    private final BlobStore blobs;
    private final List<HttpField> securityHeaders;
    private final ConcurrentHashMap<String, Prepared> prepared = new ConcurrentHashMap<>();

    public MediaHandler(MediaLookup lookup, MappedFiles mapped, BlobStore blobs, SecurityHeaders securityHeaders,
                        MediaDelivery delivery) {
        // Where files may be redirected to the cloud, MediaController decides each one (MediaDelivery).
        this.enabled = !delivery.mayRedirect();
        this.lookup = lookup;
        this.mapped = mapped;
        this.blobs = blobs;
        this.securityHeaders = securityHeaders.fields();
    }

    /**
     * A mapped file with its response headers, encoded once: those of a 304, and those a 200 and a 206 share.
     * Kept for as long as the file's mapping and the album's access it was built for stay the same.
     */
    private record Prepared(MappedFiles.MappedFile file, boolean shared, boolean indexed, String downloadName,
                            String etag, HttpField[] notModified, HttpField[] content, HttpField contentLength) {
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = Request.getPathInContext(request);
        if (!enabled || !path.startsWith("/media/")) {
            return super.handle(request, response, callback);
        }
        String method = request.getMethod();
        boolean head = HttpMethod.HEAD.is(method);
        if (!head && !HttpMethod.GET.is(method)) {
            return super.handle(request, response, callback);
        }
        Prepared file;
        try {
            file = find(path, RequestCredentials.of(request));
        } catch (Exception e) {
            // Javalin answers it again and says what went wrong in the site's words (and logs it).
            log.debug("media: {} goes to the site's own error answers: {}", path, e.toString());
            file = null;
        }
        if (file == null) {
            return super.handle(request, response, callback);
        }
        var headers = response.getHeaders();
        String ifNoneMatch = request.getHeaders().get(HttpHeader.IF_NONE_MATCH);
        if (file.etag().equals(ifNoneMatch)) {
            // The browser's copy is this content (the ETag is its hash): nothing to send.
            for (HttpField field : file.notModified()) {
                headers.add(field);
            }
            response.setStatus(HttpStatus.NOT_MODIFIED_304);
            callback.succeeded();
            return true;
        }
        long size = file.file().size();
        ByteRange range = ByteRange.parse(request.getHeaders().get(HttpHeader.RANGE), size);
        if (range == ByteRange.UNSATISFIABLE) {
            return super.handle(request, response, callback);
        }
        for (HttpField field : file.content()) {
            headers.add(field);
        }
        ByteBuffer body;
        if (range == null) {
            headers.add(file.contentLength());
            body = file.file().bytes().slice();
        } else {
            response.setStatus(HttpStatus.PARTIAL_CONTENT_206);
            headers.add(HttpHeader.CONTENT_RANGE, "bytes " + range.start() + "-" + range.end() + "/" + size);
            headers.add(HttpHeader.CONTENT_LENGTH, range.length());
            body = file.file().bytes().slice((int) range.start(), (int) range.length());
        }
        // Each response takes its own view of the mapping; Jetty writes it to the socket from the page cache.
        response.write(true, head ? null : body, callback);
        return true;
    }

    /** The file the path names, prepared for sending, if this viewer may see it and it is a mapped local file. */
    private Prepared find(String path, RequestCredentials credentials) throws java.io.IOException {
        char kind = path.length() > 8 ? path.charAt(7) : 0;
        if ((kind != 'd' && kind != 'o') || path.charAt(8) != '/') {
            return null;
        }
        int slash = path.indexOf('/', 9);
        if (slash < 0 || slash == path.length() - 1 || path.indexOf('/', slash + 1) >= 0) {
            return null;
        }
        long photoId = photoId(path, 9, slash);
        if (photoId < 0) {
            return null;
        }
        String name = path.substring(slash + 1);
        Optional<MediaLookup.MediaFile> found = kind == 'd'
                ? lookup.derivative(photoId, name, credentials)
                : lookup.original(photoId, name, credentials);
        if (found.isEmpty()) {
            return null;
        }
        var media = found.get();
        var local = mapped.get(media.key(), blobs::localFile);
        if (local.isEmpty()) {
            return null;
        }
        boolean shared = lookup.sharedCachesMayKeep(media);
        boolean indexed = lookup.searchEnginesMayIndex(media);
        Prepared known = prepared.get(media.key());
        if (known != null && known.file() == local.get() && known.shared() == shared && known.indexed() == indexed
                && Objects.equals(known.downloadName(), media.downloadName())) {
            return known;
        }
        Prepared made = prepare(media, local.get(), shared, indexed);
        if (prepared.size() >= MAX_PREPARED) {
            prepared.clear();
        }
        prepared.put(media.key(), made);
        return made;
    }

    private Prepared prepare(MediaLookup.MediaFile media, MappedFiles.MappedFile file, boolean shared,
                             boolean indexed) {
        String etag = "\"" + media.hash() + "\"";
        // What a 200, a 206 and a 304 share: the same as the Javalin route sends (see MediaController).
        var common = new ArrayList<>(securityHeaders);
        common.add(new PreEncodedHttpField(HttpHeader.ETAG, etag));
        common.add(shared ? PUBLIC_IMMUTABLE : PRIVATE_IMMUTABLE);
        if (!indexed) {
            common.add(NOINDEX);
        }
        if (media.downloadName() != null) {
            common.add(new PreEncodedHttpField(HttpHeader.CONTENT_DISPOSITION,
                    FileNames.inlineDisposition(media.downloadName())));
        }
        var content = new ArrayList<>(common);
        content.add(new PreEncodedHttpField(HttpHeader.LAST_MODIFIED, file.lastModified()));
        content.add(ACCEPT_RANGES);
        content.add(new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, media.contentType()));
        return new Prepared(file, shared, indexed, media.downloadName(), etag, common.toArray(HttpField[]::new),
                content.toArray(HttpField[]::new),
                new PreEncodedHttpField(HttpHeader.CONTENT_LENGTH, file.contentLength()));
    }

    /** The id in path[from, to) when it is a plain decimal number; -1 otherwise (Javalin then answers 404). */
    private static long photoId(String path, int from, int to) {
        if (to - from < 1 || to - from > 18) {
            return -1;
        }
        long id = 0;
        for (int i = from; i < to; i++) {
            char c = path.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            id = id * 10 + (c - '0');
        }
        return id;
    }
}
