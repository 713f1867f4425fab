package org.vitrine.photo;

import java.util.Collection;

/**
 * MediaChanges is told, after each commit, of every change that may alter who may see a photo's files or where
 * they are: an album's visibility or key, a deleted album or photo, new or remade sizes. The DAOs that make such
 * changes call it, so no caller can forget to.
 */
public interface MediaChanges {
    MediaChanges NONE = new MediaChanges() {
        @Override
        public void photoChanged(long photoId) {
        }

        @Override
        public void albumChanged(long albumId) {
        }
    };

    void photoChanged(long photoId);

    void albumChanged(long albumId);

    default void photosChanged(Collection<Long> photoIds) {
        photoIds.forEach(this::photoChanged);
    }

    /**
     * A share link was revoked or changed. The hook for share links: whatever an index does here on the node that
     * made the change, every other web node does too (BroadcastMediaChanges sends it, NodeCaches applies it).
     */
    default void shareLinkChanged(long linkId) {
    }
}
