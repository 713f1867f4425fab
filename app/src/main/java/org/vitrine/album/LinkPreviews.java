package org.vitrine.album;

import org.vitrine.access.Visibility;
import org.vitrine.photo.Derivative;
import org.vitrine.photo.Photo;
import org.vitrine.photo.PhotoStatus;
import org.vitrine.photo.Pictures;
import org.vitrine.web.LinkPreview;

import java.net.URI;
import java.util.List;

/**
 * LinkPreviews builds the link previews of the home, album and photo pages. A private album's pages get none:
 * only the owner sees them, and a preview would copy its title and image into whatever chat the link is pasted
 * in. An unlisted album's pages are reached only through its link, so their preview goes to link holders alone.
 */
final class LinkPreviews {
    private final URI baseUrl;

    LinkPreviews(URI baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** The home page's preview, with the cover of the newest listed album that has one. */
    LinkPreview home(String siteName, List<AlbumCard> cards, Photo cover, List<Derivative> derivatives) {
        String description = cards.isEmpty() ? "Photo albums by " + siteName
                : "Photo albums: " + String.join(", ", cards.stream().limit(5).map(AlbumCard::title).toList());
        return withImage(siteName, description, "/", cover, derivatives, "");
    }

    /** The album's preview with the image of {@code photo} (its cover, or first photo), or null if private. */
    LinkPreview album(Album album, String pageUrl, int photoCount, Photo photo, List<Derivative> derivatives) {
        if (album.visibility() == Visibility.PRIVATE) {
            return null;
        }
        String description = album.description() == null || album.description().isBlank()
                ? photoCount + (photoCount == 1 ? " photo" : " photos") : album.description();
        return withImage(album.title(), description, pageUrl, photo, derivatives, album.keyQuery());
    }

    LinkPreview photo(Album album, String pageUrl, Photo photo, List<Derivative> derivatives) {
        if (album.visibility() == Visibility.PRIVATE) {
            return null;
        }
        String title = photo.title().isBlank() ? album.title() : photo.title();
        String description = photo.caption().isBlank() ? "A photo from " + album.title() : photo.caption();
        return withImage(title, description, pageUrl, photo, derivatives, album.keyQuery());
    }

    /**
     * {@code keyQuery}: the link's key for an unlisted album's image, which is served only to link holders, and
     * the chat app that fetches a preview's image has no cookie.
     */
    private LinkPreview withImage(String title, String description, String pageUrl, Photo photo,
                                  List<Derivative> derivatives, String keyQuery) {
        Derivative image = photo == null || photo.status() != PhotoStatus.READY ? null
                : Pictures.previewImage(derivatives);
        return new LinkPreview(title, description, absolute(pageUrl), image == null ? null : absolute(image.url() + keyQuery),
                image == null ? 0 : image.width(), image == null ? 0 : image.height());
    }

    private String absolute(String path) {
        return baseUrl.resolve(path).toString();
    }
}
