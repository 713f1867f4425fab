package org.vitrine.photo;

import org.vitrine.nodes.Change;
import org.vitrine.nodes.ChangeBroadcast;

/**
 * BroadcastMediaChanges applies each media change to this process's index and announces it to the other
 * processes on the database, whose web nodes then forget what they remembered of it.
 */
public final class BroadcastMediaChanges implements MediaChanges {
    private final MediaChanges local;
    private final ChangeBroadcast broadcast;

    public BroadcastMediaChanges(MediaChanges local, ChangeBroadcast broadcast) {
        this.local = local;
        this.broadcast = broadcast;
    }

    @Override
    public void photoChanged(long photoId) {
        local.photoChanged(photoId);
        broadcast.send(Change.photo(photoId));
    }

    @Override
    public void albumChanged(long albumId) {
        local.albumChanged(albumId);
        broadcast.send(Change.album(albumId));
    }

    @Override
    public void shareLinkChanged(long linkId) {
        local.shareLinkChanged(linkId);
        broadcast.send(Change.shareLink(linkId));
    }
}
