package org.vitrine.photo;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vitrine.storage.BlobStore;
import org.vitrine.storage.StorageException;

import java.util.List;

/**
 * PhotoRemoval deletes photos and albums with their files: rows first, then files, so a crash in between leaves
 * unused files (which the {@link UnusedBlobCollector} removes later), never a photo without its file.
 */
public final class PhotoRemoval {
    private static final Logger log = LoggerFactory.getLogger(PhotoRemoval.class);

    private final PhotoDao photos;
    private final BlobStore blobs;
    private final OriginalBlobs originals;

    public PhotoRemoval(PhotoDao photos, BlobStore blobs, OriginalBlobs originals) {
        this.photos = photos;
        this.blobs = blobs;
        this.originals = originals;
    }

    /** Deletes the photo, its sizes, and its original unless another photo uses it; false when it was not there. */
    public boolean deletePhoto(long photoId) {
        var files = photos.delete(photoId);
        files.ifPresent(this::removeFiles);
        return files.isPresent();
    }

    /** Deletes the album and its photos with their files; returns how many photos it held. */
    public int deleteAlbum(long albumId) {
        List<PhotoDao.PhotoFiles> files = photos.deleteAlbum(albumId);
        files.forEach(this::removeFiles);
        return files.size();
    }

    private void removeFiles(PhotoDao.PhotoFiles files) {
        try {
            for (String key : files.derivativeKeys()) {
                blobs.delete(key);
            }
            originals.removeIfUnused(files.originalKey());
        } catch (StorageException e) {
            // The rows are gone, which is what the owner asked for; the collector retries the files later.
            log.warn("delete: could not remove the files of a deleted photo now, they will be collected later: {}",
                    e.getMessage());
        }
    }
}
