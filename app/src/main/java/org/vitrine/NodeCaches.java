package org.vitrine;

import org.vitrine.nodes.Change;
import org.vitrine.nodes.ChangeReceiver;
import org.vitrine.photo.MediaIndex;
import org.vitrine.user.SessionDao;

/**
 * NodeCaches is everything a web node remembers that another node's change can make wrong, and how each kind
 * of change reaches it: the image access index and the sessions believed.
 */
final class NodeCaches implements ChangeReceiver {
    private final MediaIndex media;
    private final SessionDao sessions;

    NodeCaches(MediaIndex media, SessionDao sessions) {
        this.media = media;
        this.sessions = sessions;
    }

    @Override
    public void changed(Change change) {
        switch (change.kind()) {
            case PHOTO -> media.photoChanged(change.id());
            case ALBUM -> media.albumChanged(change.id());
            case SESSION -> sessions.forgetSession(change.subject());
            case USER_SESSIONS -> sessions.forgetSessionsOf(change.id());
            // What the index does with a revoked link on the node that revoked it, it does here too.
            case SHARE_LINK -> media.shareLinkChanged(change.id());
        }
    }

    @Override
    public void forgetEverything() {
        media.forgetEverything();
        sessions.forgetEverything();
    }
}
