package org.vitrine.album;

/** AlbumLocked asks for a password: the album's, or the share link's ({@code lockName} says which). */
public final class AlbumLocked extends RuntimeException {
    private final transient Album album;
    private final String lockName;

    public AlbumLocked(Album album, String lockName) {
        super("This album is protected by a password.", null, false, false);
        this.album = album;
        this.lockName = lockName;
    }

    public Album album() {
        return album;
    }

    public String lockName() {
        return lockName;
    }
}
