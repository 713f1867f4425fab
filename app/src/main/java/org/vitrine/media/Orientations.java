package org.vitrine.media;

/**
 * Orientations maps between EXIF orientation numbers 1-8 and the HEIF irot/imir transforms, and applies an
 * orientation to packed RGB pixels. Each orientation is the 2x2 matrix taking centred stored coordinates
 * (y down) to display coordinates, so combining transforms is a matrix product.
 */
public final class Orientations {
    /** {a, b, c, d} for the matrix [[a, b], [c, d]], indexed by EXIF orientation. */
    private static final int[][] MATRICES = {
            null,
            {1, 0, 0, 1},    // 1 identity
            {-1, 0, 0, 1},   // 2 mirror left-right
            {-1, 0, 0, -1},  // 3 rotate 180
            {1, 0, 0, -1},   // 4 mirror top-bottom
            {0, 1, 1, 0},    // 5 transpose
            {0, -1, 1, 0},   // 6 rotate 90 clockwise
            {0, -1, -1, 0},  // 7 transverse
            {0, 1, -1, 0},   // 8 rotate 90 anticlockwise
    };

    private Orientations() {
    }

    /** EXIF values outside 1-8 (0, 9 and 160 occur in the wild) mean "as stored". */
    public static int normalize(int exif) {
        return exif >= 1 && exif <= 8 ? exif : 1;
    }

    /** HEIF irot turns anticlockwise in steps of 90°. */
    public static int fromIrot(int quarterTurnsAnticlockwise) {
        return switch (quarterTurnsAnticlockwise & 3) {
            case 1 -> 8;
            case 2 -> 3;
            case 3 -> 6;
            default -> 1;
        };
    }

    /** HEIF imir axis 0 mirrors about a vertical axis (left-right), 1 about a horizontal one (top-bottom). */
    public static int fromImir(int axis) {
        return (axis & 1) == 0 ? 2 : 4;
    }

    /** The orientation that applies {@code orientation}, then turns the result clockwise by quarter turns. */
    public static int rotatedClockwise(int orientation, int quarterTurns) {
        int result = normalize(orientation);
        for (int i = 0; i < Math.floorMod(quarterTurns, 4); i++) {
            result = then(result, 6);
        }
        return result;
    }

    /** The orientation that applies {@code first}, then {@code second}. */
    public static int then(int first, int second) {
        int[] f = MATRICES[normalize(first)];
        int[] s = MATRICES[normalize(second)];
        int[] product = {
                s[0] * f[0] + s[1] * f[2], s[0] * f[1] + s[1] * f[3],
                s[2] * f[0] + s[3] * f[2], s[2] * f[1] + s[3] * f[3]};
        for (int o = 1; o <= 8; o++) {
            if (java.util.Arrays.equals(MATRICES[o], product)) {
                return o;
            }
        }
        throw new IllegalStateException("not an orientation");
    }

    public static boolean swapsAxes(int orientation) {
        return orientation >= 5 && orientation <= 8;
    }

    /** Returns the pixels upright; width and height are the stored ones, swapped in the result for 5-8. */
    public static int[] apply(int[] pixels, int width, int height, int orientation) {
        int o = normalize(orientation);
        if (o == 1) {
            return pixels;
        }
        int[] out = new int[pixels.length];
        int displayWidth = swapsAxes(o) ? height : width;
        int[] m = MATRICES[o];
        for (int sy = 0; sy < height; sy++) {
            int row = sy * width;
            for (int sx = 0; sx < width; sx++) {
                // Doubled centred coordinates keep the arithmetic in integers.
                int cx = 2 * sx - (width - 1);
                int cy = 2 * sy - (height - 1);
                int dx = (m[0] * cx + m[1] * cy + (swapsAxes(o) ? height : width) - 1) / 2;
                int dy = (m[2] * cx + m[3] * cy + (swapsAxes(o) ? width : height) - 1) / 2;
                out[dy * displayWidth + dx] = pixels[row + sx];
            }
        }
        return out;
    }
}
