package org.vitrine.media.purejava;

import java.awt.Point;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;

/**
 * ReducingRaster is a full-size 8-bit RGB raster that stores nothing: every row a decoder writes into it with
 * {@link #setRect(int, int, Raster)} goes straight to an {@link AreaAverageReducer}. The JDK's JPEG reader
 * copies each decoded scanline into its destination that way, so reading into a BufferedImage over this
 * raster reduces the image while it is decoded, and the heap never holds the full-size picture.
 *
 * <p>A JPEG with several scans (progressive) is delivered once per scan, each pass better than the one before;
 * only the pass numbered {@code reducedPass} and later ones are reduced, each from its first row again.
 */
final class ReducingRaster extends WritableRaster {
    private final AreaAverageReducer reducer;
    private final int reducedPass;
    private final byte[] row;
    private int pass = -1;
    private int lastRow = Integer.MAX_VALUE;

    /** @param reducedPass the first pass (0-based) worth reducing; 0 reduces every pass */
    ReducingRaster(int width, int height, AreaAverageReducer reducer, int reducedPass) {
        // A buffer of one pixel: the sample model describes the full image, but no pixel is ever stored here.
        super(new PixelInterleavedSampleModel(DataBuffer.TYPE_BYTE, width, height, 3, 3 * width, new int[]{0, 1, 2}),
                new DataBufferByte(3), new Point(0, 0));
        if (reducer.sourceWidth() != width) {
            throw new IllegalArgumentException("reducer expects rows of " + reducer.sourceWidth() + " pixels");
        }
        this.reducer = reducer;
        this.reducedPass = reducedPass;
        this.row = new byte[3 * width];
    }

    /** How many passes the decoder has started. */
    int passes() {
        return pass + 1;
    }

    @Override
    public void setRect(int dx, int dy, Raster source) {
        int x = dx + source.getMinX();
        int y = dy + source.getMinY();
        if (y <= lastRow) {
            pass++;
            if (pass >= reducedPass) {
                reducer.restart();
            }
        }
        lastRow = y;
        if (pass < reducedPass) {
            return;
        }
        if (x != 0 || source.getHeight() != 1 || source.getWidth() != getWidth() || source.getNumBands() != 3
                || y != reducer.nextRow()) {
            throw new IllegalStateException("unexpected write of " + source.getWidth() + "x" + source.getHeight()
                    + " at " + x + "," + y + " (row " + reducer.nextRow() + " expected)");
        }
        source.getDataElements(source.getMinX(), source.getMinY(), source.getWidth(), 1, row);
        reducer.pushRgbBytes(row);
    }

    @Override
    public void setDataElements(int x, int y, Object data) {
        throw stored();
    }

    @Override
    public void setDataElements(int x, int y, int w, int h, Object data) {
        throw stored();
    }

    @Override
    public void setPixels(int x, int y, int w, int h, int[] pixels) {
        throw stored();
    }

    @Override
    public void setSample(int x, int y, int b, int s) {
        throw stored();
    }

    private static UnsupportedOperationException stored() {
        return new UnsupportedOperationException("a ReducingRaster takes whole rows through setRect only");
    }
}
