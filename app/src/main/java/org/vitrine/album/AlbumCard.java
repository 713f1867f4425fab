package org.vitrine.album;

import org.vitrine.photo.Picture;

/** AlbumCard is an album on the home page: title, link, size and cover (null until a photo is ready). */
public record AlbumCard(String title, String description, String url, int photoCount, Picture cover) {
}
