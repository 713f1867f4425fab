package org.vitrine.album;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/** Slugs turns titles into URL-safe album names like "summer-in-lisbon-2024". */
public final class Slugs {
    private static final Pattern VALID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    public static final int MAX_LENGTH = 80;

    private Slugs() {
    }

    public static String fromTitle(String title) {
        String ascii = Normalizer.normalize(title == null ? "" : title, Normalizer.Form.NFKD)
                .replaceAll("\\p{M}+", "")
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "-")
                .replaceAll("(^-+|-+$)", "");
        if (ascii.length() > MAX_LENGTH) {
            ascii = ascii.substring(0, MAX_LENGTH).replaceAll("-+$", "");
        }
        return ascii.isEmpty() ? "album" : ascii;
    }

    public static boolean isValid(String slug) {
        return slug != null && slug.length() <= MAX_LENGTH && VALID.matcher(slug).matches();
    }
}
