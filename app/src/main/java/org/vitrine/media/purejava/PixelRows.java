package org.vitrine.media.purejava;

/**
 * PixelRows hands out an image one row at a time as opaque packed sRGB ({@code 0xRRGGBB}), so a scaler can
 * reduce a large decoded image without first copying all of it into a second buffer.
 */
interface PixelRows {
    int width();

    int height();

    /** Fills {@code out[0..width)} with row {@code y}. */
    void row(int y, int[] out);

    /** Rows over an already packed RGB array. */
    static PixelRows of(int[] pixels, int width, int height) {
        return new PixelRows() {
            @Override
            public int width() {
                return width;
            }

            @Override
            public int height() {
                return height;
            }

            @Override
            public void row(int y, int[] out) {
                System.arraycopy(pixels, y * width, out, 0, width);
            }
        };
    }
}
