package org.vitrine.photo;

/**
 * PhotoLocator names where a photo was taken from its coordinates, as part of its processing
 * (place/PhotoPlaces); it keeps what the owner set by hand.
 */
@FunctionalInterface
public interface PhotoLocator {
    PhotoLocator NONE = photoId -> { };

    void locate(long photoId);
}
