package org.vitrine.storage;

import java.util.Locale;
import java.util.Map;

/**
 * BlobContentType is the media type a cloud store records with a blob, told from its key's extension, so that a
 * browser fetching a signed URL directly gets the right Content-Type.
 */
public final class BlobContentType {
    private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
            Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"), Map.entry("png", "image/png"),
            Map.entry("gif", "image/gif"), Map.entry("webp", "image/webp"), Map.entry("tif", "image/tiff"),
            Map.entry("tiff", "image/tiff"), Map.entry("heic", "image/heic"), Map.entry("heif", "image/heif"),
            Map.entry("avif", "image/avif"), Map.entry("jxl", "image/jxl"));
    private static final String UNKNOWN = "application/octet-stream";

    private BlobContentType() {
    }

    public static String of(String key) {
        String name = BlobKeys.fileName(key);
        int dot = name.lastIndexOf('.');
        if (dot < 0) {
            return UNKNOWN;
        }
        return BY_EXTENSION.getOrDefault(name.substring(dot + 1).toLowerCase(Locale.ROOT), UNKNOWN);
    }
}
