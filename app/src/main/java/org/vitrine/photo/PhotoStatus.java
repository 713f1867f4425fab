package org.vitrine.photo;

import java.util.Locale;

/**
 * PhotoStatus is how far a photo's derivatives have got. The database and the API hold its {@link #code()}
 * ("processing", "ready", "failed").
 */
public enum PhotoStatus {
    PROCESSING, READY, FAILED;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static PhotoStatus parse(String code) {
        for (PhotoStatus status : values()) {
            if (status.code().equals(code)) {
                return status;
            }
        }
        throw new IllegalArgumentException("unknown photo status '" + code + "'");
    }
}
