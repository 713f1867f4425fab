package org.vitrine.browser;

import com.fasterxml.jackson.databind.JsonNode;
import org.vitrine.App;
import org.vitrine.album.Album;
import org.vitrine.album.AlbumFormPage;
import org.vitrine.testing.Fixtures;
import org.vitrine.testing.HttpSession;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PublishedAlbum builds a public album of the given photos on a running app, through the real upload endpoint,
 * and waits until every photo has its sizes: the starting point for what a visitor sees.
 */
record PublishedAlbum(Album album, Map<String, Long> photoIds) {

    String path() {
        return "/a/" + album.slug();
    }

    static PublishedAlbum create(App app, String title, String description, List<Path> photos) {
        return create(app, title, description, "public", photos);
    }

    /** The same with a visibility code ("public", "unlisted", "private"). */
    static PublishedAlbum create(App app, String title, String description, String visibility, List<Path> photos) {
        var fx = new Fixtures(app);
        HttpSession owner = fx.signedIn();
        var result = app.albumEditor().create(new AlbumFormPage.AlbumForm(title, "", description, visibility));
        if (result.album() == null) {
            throw new AssertionError(result.errors());
        }
        Album album = result.album();
        owner.csrfFrom("/admin/albums/" + album.id());
        Map<String, Long> ids = new LinkedHashMap<>();
        for (Path file : photos) {
            var response = owner.upload("/admin/albums/" + album.id() + "/photos", file);
            JsonNode outcome = HttpSession.parse(response.body()).get("results").get(0);
            String name = file.getFileName().toString();
            if (!outcome.get("ok").asBoolean()) {
                throw new AssertionError(name + " was refused: " + outcome.get("message").asText());
            }
            ids.put(name, outcome.get("photoId").asLong());
        }
        waitUntilReady(owner, album.slug() + album.keyQuery(), Duration.ofSeconds(60));
        return new PublishedAlbum(album, ids);
    }

    static void waitUntilReady(HttpSession session, String slug, Duration patience) {
        Instant deadline = Instant.now().plus(patience);
        while (Instant.now().isBefore(deadline)) {
            boolean busy = false;
            for (JsonNode photo : session.json("/api/albums/" + slug).get("photos")) {
                String status = photo.get("status").asText();
                if (status.equals("failed")) {
                    throw new AssertionError("photo " + photo.get("id") + " failed: " + photo.get("error"));
                }
                busy |= status.equals("processing");
            }
            if (!busy) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("album " + slug + " still processing after " + patience);
    }
}
