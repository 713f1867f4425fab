package org.vitrine.testing;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ManifestRow is one line of the shared MANIFEST.tsv: a test photo and what it must turn into.
 */
public record ManifestRow(String file, String what, String width, String height, String orientation,
                          Double latitude, Double longitude, String camera, String dateTaken, String expected) {
    private static final Pattern DISPLAYED = Pattern.compile("displayed upright as (\\d+)x(\\d+)");
    private static final Pattern PIN = Pattern.compile("map pin at (-?[0-9.]+), (-?[0-9.]+)");
    private static final Pattern ALTITUDE = Pattern.compile("altitude (-?[0-9.]+) m");

    static ManifestRow parse(String line) {
        String[] f = line.split("\t", -1);
        return new ManifestRow(f[0], f[1], f[2], f[3], f[4], number(f[5]), number(f[6]), dash(f[7]),
                dash(f[8]), f[9]);
    }

    private static Double number(String s) {
        return s.equals("-") ? null : Double.valueOf(s);
    }

    private static String dash(String s) {
        return s.equals("-") ? null : s;
    }

    public boolean accepted() {
        return expected.startsWith("accepted") || expected.startsWith("either");
    }

    public boolean rejected() {
        return expected.startsWith("rejected");
    }

    /** Upright display size from "displayed upright as WxH", or null. */
    public int[] displayedSize() {
        Matcher m = DISPLAYED.matcher(expected);
        return m.find() ? new int[]{Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))} : null;
    }

    /** The expected map pin {lat, lon}, or null when the photo gets no pin. */
    public double[] mapPin() {
        Matcher m = PIN.matcher(expected);
        return m.find() ? new double[]{Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2))} : null;
    }

    public Double altitude() {
        Matcher m = ALTITUDE.matcher(expected);
        return m.find() ? Double.valueOf(m.group(1)) : null;
    }

    public String cameraMake() {
        return camera == null ? null : camera.split(" / ", 2)[0];
    }

    public String cameraModel() {
        return camera == null || !camera.contains(" / ") ? null : camera.split(" / ", 2)[1];
    }

    public boolean isHeifFamily() {
        String lower = file.toLowerCase();
        return lower.endsWith(".heic") || lower.endsWith(".avif");
    }
}
