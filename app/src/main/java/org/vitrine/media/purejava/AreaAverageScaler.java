package org.vitrine.media.purejava;

/**
 * AreaAverageScaler shrinks an image by averaging, for each output pixel, exactly the source area it covers
 * (a box filter with fractional edge weights). Unlike point sampling or a single bicubic step it cannot
 * alias: every source pixel contributes to the result. Separable: rows are reduced horizontally as they
 * stream in, then blended vertically (see {@link AreaAverageReducer}), so memory is the output plus a few rows.
 */
final class AreaAverageScaler {
    private AreaAverageScaler() {
    }

    /** Returns packed RGB pixels of size {@code targetWidth × targetHeight}; never enlarges. */
    static int[] scale(PixelRows source, int targetWidth, int targetHeight) {
        int sw = source.width();
        int sh = source.height();
        int[] sourceRow = new int[sw];
        if (targetWidth == sw && targetHeight == sh) {
            int[] out = new int[sw * sh];
            for (int y = 0; y < sh; y++) {
                source.row(y, sourceRow);
                System.arraycopy(sourceRow, 0, out, y * sw, sw);
            }
            return out;
        }
        AreaAverageReducer reducer = new AreaAverageReducer(sw, sh, targetWidth, targetHeight);
        for (int y = 0; y < sh; y++) {
            source.row(y, sourceRow);
            reducer.pushPacked(sourceRow);
        }
        return reducer.pixels();
    }
}
