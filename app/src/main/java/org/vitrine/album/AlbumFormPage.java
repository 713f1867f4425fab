package org.vitrine.album;

import org.vitrine.photo.PhotoTile;
import org.vitrine.share.ShareLinksPanel;
import org.vitrine.web.PageContext;

import java.util.List;

/**
 * AlbumFormPage creates or edits an album; for an existing album it also holds the upload form and its photos.
 *
 * @param action       where the form posts
 * @param deleteAction where the delete button posts, or null for a new album
 * @param uploadUrl    where photos are posted, or null for a new album
 * @param viewUrl      the album's page, or null for a new album
 * @param sharing      the album's share links and password, or null for a new album
 */
public record AlbumFormPage(PageContext page, AlbumForm form, List<String> errors, String action,
                            String deleteAction, String uploadUrl, String viewUrl,
                            List<PhotoTile> photos, ShareLinksPanel sharing) {
    public boolean isNew() {
        return deleteAction == null;
    }

    /** AlbumForm holds the fields as typed, so a form with errors comes back filled in. */
    public record AlbumForm(String title, String slug, String description, String visibility) {
    }
}
