package org.vitrine.access;

import java.util.Locale;

/** Visibility says who may see an album: everyone, whoever has its secret link, or only the owner. */
public enum Visibility {
    PUBLIC, UNLISTED, PRIVATE;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Visibility parse(String code) {
        for (Visibility v : values()) {
            if (v.code().equals(code)) {
                return v;
            }
        }
        throw new IllegalArgumentException("Visibility must be public, unlisted or private, got '" + code + "'");
    }
}
