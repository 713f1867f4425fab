package org.vitrine.photo;

import org.vitrine.storage.BlobKeys;

/** Derivative is one resized JPEG of a photo; its blob key ends in a hash of its content. */
public record Derivative(long photoId, int width, int height, String blobKey, long byteSize) {
    /** The public URL; the content hash in it lets browsers cache it forever. */
    public String url() {
        return "/media/d/" + photoId + "/" + BlobKeys.fileName(blobKey);
    }
}
