package org.vitrine.media;

/** PixelSize is a width and height in pixels as a header states them, before any orientation. */
public record PixelSize(long width, long height) {

    public long pixels() {
        return width * height;
    }
}
