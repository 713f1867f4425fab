package org.vitrine.photo;

import org.vitrine.access.AccessPolicy;
import org.vitrine.access.Resource;
import org.vitrine.access.Viewers;
import org.vitrine.web.RequestCredentials;

import java.util.Optional;

/**
 * MediaLookup answers "which file does this image URL name, and may the one asking see it" from the
 * {@link MediaIndex} and the {@link AccessPolicy}, with no database query. Both ways of serving images ask it: the
 * {@link MediaHandler} in front of Javalin and the {@link MediaController} behind it, so they never disagree.
 */
public final class MediaLookup {
    private final MediaIndex index;
    private final AccessPolicy policy;
    private final Viewers viewers;

    public MediaLookup(MediaIndex index, AccessPolicy policy, Viewers viewers) {
        this.index = index;
        this.policy = policy;
        this.viewers = viewers;
    }

    /** A file this viewer may see: its blob key and what its response says about it. */
    public record MediaFile(MediaIndex.ServedPhoto photo, String key, String hash, String contentType,
                            String downloadName) {
    }

    /** The derivative behind /media/d/{photoId}/{file} (e.g. 1280-0123456789abcdef.jpg), if this viewer may see it. */
    public Optional<MediaFile> derivative(long photoId, String file, RequestCredentials request) {
        return visiblePhoto(photoId, Resource.DERIVATIVE, request).flatMap(photo -> photo.derivativeKey(file)
                .map(key -> new MediaFile(photo, key, file.substring(file.indexOf('-') + 1, file.lastIndexOf('.')),
                        "image/jpeg", null)));
    }

    /** The original behind /media/o/{photoId}/{file} (e.g. 0123456789abcdef.jpg), if this viewer may see it. */
    public Optional<MediaFile> original(long photoId, String file, RequestCredentials request) {
        return visiblePhoto(photoId, Resource.ORIGINAL, request)
                .filter(photo -> photo.originalFileName().equals(file))
                .map(photo -> new MediaFile(photo, photo.originalKey(), photo.contentHash(),
                        photo.format().mimeType(), downloadName(photo, request)));
    }

    /**
     * A link that hides camera details hides the name the file was uploaded with too ("DSC_0042.NEF" says which
     * camera): the download is then named after its content.
     */
    private String downloadName(MediaIndex.ServedPhoto photo, RequestCredentials request) {
        boolean names = policy.optionsFor(viewers.visitorOf(request), photo.access()).cameraDetails();
        return names ? photo.originalName() : photo.originalFileName();
    }

    public boolean sharedCachesMayKeep(MediaFile file) {
        return policy.sharedCachesMayKeep(file.photo().access());
    }

    public boolean searchEnginesMayIndex(MediaFile file) {
        return policy.searchEnginesMayIndex(file.photo().access());
    }

    private Optional<MediaIndex.ServedPhoto> visiblePhoto(long photoId, Resource resource,
                                                          RequestCredentials request) {
        var photo = index.photo(photoId);
        if (photo.isEmpty()) {
            return photo;
        }
        var access = photo.get().access();
        // The session is looked up only when a visitor would be refused: most image requests are for what anyone
        // may see, and a session costs a hash of its token.
        if (policy.maySee(viewers.visitorOf(request), access, resource)
                || policy.maySee(viewers.of(request), access, resource)) {
            return photo;
        }
        return Optional.empty();
    }
}
