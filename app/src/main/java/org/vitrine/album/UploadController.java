package org.vitrine.album;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.UploadedFile;
import org.vitrine.photo.PhotoIngest;
import org.vitrine.web.BadRequest;
import org.vitrine.user.CurrentUser;
import org.vitrine.web.NotFound;
import org.vitrine.web.Pages;
import org.vitrine.web.PathIds;
import org.vitrine.web.RequestBodyLimit;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * UploadController receives photos for an album, one or many per request. Scripts send one file per request
 * and get JSON back; the plain form (no JavaScript) gets a page with a summary. Each file gets its own
 * outcome: one bad file never stops the others.
 */
public final class UploadController {
    /**
     * The header by which an uploader names one upload (draft-ietf-httpapi-idempotency-key-header): sent again
     * with the same value, the upload is answered with the photo the first attempt made.
     */
    public static final String UPLOAD_ID_HEADER = "Idempotency-Key";
    private static final java.util.regex.Pattern UPLOAD_ID = java.util.regex.Pattern.compile("[A-Za-z0-9_-]{8,100}");

    private final AlbumDao albums;
    private final PhotoIngest ingest;
    private final CurrentUser currentUser;
    private final Pages pages;

    public UploadController(AlbumDao albums, PhotoIngest ingest, CurrentUser currentUser, Pages pages) {
        this.albums = albums;
        this.ingest = ingest;
        this.currentUser = currentUser;
        this.pages = pages;
    }

    /**
     * Runs before the body is read: a visitor who is not signed in is refused at once and the connection closed,
     * so an anonymous upload is never spooled to disk. Only then may this request carry a large multipart body.
     */
    public void beforeBody(Context ctx) {
        if (!currentUser.isOwner(ctx)) {
            ctx.header("Connection", "close");
            throw new BadRequest(401, "Sign in to upload photos.");
        }
        RequestBodyLimit.allowUpload(ctx);
    }

    public void upload(Context ctx) throws IOException {
        currentUser.require(ctx);
        long albumId = PathIds.of(ctx, "id");
        albums.find(albumId).orElseThrow(NotFound::new);
        List<UploadedFile> files = ctx.uploadedFiles("photos");
        if (files.isEmpty()) {
            throw new BadRequest("Choose one or more photos to upload.");
        }
        String uploadId = uploadId(ctx, files.size());
        List<PhotoIngest.Outcome> results = new ArrayList<>();
        for (UploadedFile file : files) {
            try (InputStream content = file.content()) {
                results.add(ingest.ingest(albumId, file.filename(), content, uploadId));
            }
        }
        long accepted = results.stream().filter(PhotoIngest.Outcome::ok).count();
        if (wantsJson(ctx)) {
            ctx.status(accepted == 0 ? HttpStatus.UNPROCESSABLE_CONTENT : HttpStatus.OK);
            ctx.json(Map.of("results", results));
            return;
        }
        String location = "/admin/albums/" + albumId;
        var refused = results.stream().filter(r -> !r.ok()).map(r -> r.name() + ": " + r.message()).toList();
        String summary = accepted + (accepted == 1 ? " photo uploaded" : " photos uploaded")
                + (accepted > 0 ? " and processing in the background." : ".")
                + (refused.isEmpty() ? "" : " Not uploaded — " + String.join("; ", refused));
        if (refused.isEmpty()) {
            pages.redirectWith(ctx, location, summary);
        } else {
            pages.redirectWithError(ctx, location, summary);
        }
    }

    /** The uploader's id for this upload, or null when it sent none. */
    private static String uploadId(Context ctx, int fileCount) {
        String sent = ctx.header(UPLOAD_ID_HEADER);
        if (sent == null) {
            return null;
        }
        // The draft standard sends it as a quoted string; plain tokens are accepted too.
        String id = sent.length() >= 2 && sent.startsWith("\"") && sent.endsWith("\"")
                ? sent.substring(1, sent.length() - 1) : sent;
        if (!UPLOAD_ID.matcher(id).matches()) {
            throw new BadRequest("The upload's " + UPLOAD_ID_HEADER + " must be 8 to 100 letters, digits, "
                    + "'-' or '_'.");
        }
        if (fileCount != 1) {
            throw new BadRequest("An upload with an " + UPLOAD_ID_HEADER + " carries exactly one photo; "
                    + "send each photo in its own request.");
        }
        return id;
    }

    static boolean wantsJson(Context ctx) {
        String accept = ctx.header("Accept");
        return accept != null && accept.contains("application/json");
    }
}
