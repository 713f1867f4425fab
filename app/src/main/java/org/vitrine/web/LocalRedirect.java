package org.vitrine.web;

import java.util.Optional;

/**
 * LocalRedirect accepts a "come back here" target (such as the {@code next} of the sign-in page) only when it is
 * a path on this site. Anything a browser could read as another host is refused: {@code //host},
 * {@code /\host} (browsers treat the backslash as a slash), absolute URLs, and control characters or spaces,
 * which browsers strip or reinterpret before following a link.
 */
public final class LocalRedirect {
    private static final int MAX_LENGTH = 2000;

    private LocalRedirect() {
    }

    public static Optional<String> path(String candidate) {
        if (candidate == null || candidate.isEmpty() || candidate.length() > MAX_LENGTH
                || candidate.charAt(0) != '/' || candidate.startsWith("//")) {
            return Optional.empty();
        }
        for (int i = 0; i < candidate.length(); i++) {
            char c = candidate.charAt(i);
            if (c <= ' ' || c == '\\' || c == 0x7f || Character.isISOControl(c) || Character.isWhitespace(c)) {
                return Optional.empty();
            }
        }
        return Optional.of(candidate);
    }

    public static String pathOr(String candidate, String fallback) {
        return path(candidate).orElse(fallback);
    }
}
