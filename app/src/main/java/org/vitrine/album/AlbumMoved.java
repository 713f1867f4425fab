package org.vitrine.album;

/** AlbumMoved answers a permanent redirect: the address is one the album had before. */
public final class AlbumMoved extends RuntimeException {
    private final String location;

    public AlbumMoved(String location) {
        super(location, null, false, false);
        this.location = location;
    }

    /** The same page at the album's address now (a local path with its query). */
    public String location() {
        return location;
    }
}
