package org.vitrine.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * FileNames makes a file name from a user safe to show and to offer as a download name: no control characters,
 * and no bidirectional controls (U+202E and friends), which can make "gpj.exe" read as "exe.jpg".
 */
public final class FileNames {
    private static final Pattern INVISIBLE =
            Pattern.compile("[\\p{Cntrl}\\u061C\\u200E\\u200F\\u202A-\\u202E\\u2066-\\u2069]");

    private FileNames() {
    }

    /** The name without control and bidirectional control characters, with surrounding spaces removed. */
    public static String withoutControls(String name) {
        return INVISIBLE.matcher(name).replaceAll("").strip();
    }

    /** A Content-Disposition value that shows the file inline and names it {@code name} when saved. */
    public static String inlineDisposition(String name) {
        String safe = withoutControls(name);
        return "inline; filename*=UTF-8''" + URLEncoder.encode(safe.isEmpty() ? "photo" : safe, StandardCharsets.UTF_8)
                .replace("+", "%20");
    }
}
