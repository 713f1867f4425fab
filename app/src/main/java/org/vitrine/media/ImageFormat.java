package org.vitrine.media;

/** ImageFormat is a file type Vitrine accepts, always recognised from the file's content, never its name. */
public enum ImageFormat {
    JPEG("image/jpeg", "jpg"),
    PNG("image/png", "png"),
    GIF("image/gif", "gif"),
    WEBP("image/webp", "webp"),
    TIFF("image/tiff", "tif"),
    HEIC("image/heic", "heic"),
    AVIF("image/avif", "avif");

    private final String mimeType;
    private final String extension;

    ImageFormat(String mimeType, String extension) {
        this.mimeType = mimeType;
        this.extension = extension;
    }

    public String mimeType() {
        return mimeType;
    }

    public String extension() {
        return extension;
    }

    /**
     * Whether decoders deliver this format's pixels already turned by its container's transform (libheif applies
     * HEIF/AVIF irot and imir while decoding). For these, an engine is given only the rotation that remains.
     */
    public boolean decoderAppliesOrientation() {
        return this == HEIC || this == AVIF;
    }
}
