package org.vitrine.config;

import java.util.Arrays;
import java.util.Map;

/** Settings reads typed values from environment variables and says exactly which one is wrong. */
final class Settings {
    private final Map<String, String> env;

    Settings(Map<String, String> env) {
        this.env = env;
    }

    String text(String key, String fallback) {
        String value = env.get(key);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    int integer(String key, int fallback, int min, int max) {
        String value = text(key, null);
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed < min || parsed > max) {
                throw new ConfigException(key + " must be between " + min + " and " + max + ", got " + value);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new ConfigException(key + " must be a whole number, got '" + value + "'");
        }
    }

    String choice(String key, String fallback, String... allowed) {
        String value = text(key, fallback);
        if (Arrays.asList(allowed).contains(value)) {
            return value;
        }
        throw new ConfigException(key + " must be one of " + String.join(", ", allowed) + ", got '" + value + "'");
    }
}
