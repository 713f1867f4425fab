package org.vitrine.web;

/**
 * LinkPreview is what a chat or social site shows when a page's address is pasted: the Open Graph and Twitter
 * card tags and the meta description. Built only for pages whose visitor may share them, with an image that
 * visitor may see.
 *
 * @param url         the page's absolute address
 * @param imageUrl    absolute address of a derivative, or null when the page has no photo to show
 * @param imageWidth  its width in pixels
 * @param imageHeight its height in pixels
 */
public record LinkPreview(String title, String description, String url, String imageUrl, int imageWidth,
                          int imageHeight) {
    /** The longest description kept: previews cut longer ones anyway, mid-word. */
    static final int DESCRIPTION_LIMIT = 200;

    public LinkPreview {
        description = shorten(description == null ? "" : description.strip().replaceAll("\\s+", " "));
    }

    private static String shorten(String text) {
        if (text.length() <= DESCRIPTION_LIMIT) {
            return text;
        }
        int cut = text.lastIndexOf(' ', DESCRIPTION_LIMIT - 1);
        return text.substring(0, cut > 0 ? cut : DESCRIPTION_LIMIT - 1) + "…";
    }
}
