package org.vitrine.media.purejava;

import java.util.Arrays;

/**
 * AreaAverageReducer is the push side of {@link AreaAverageScaler}: source rows are handed to it top to bottom
 * as a decoder produces them, each is reduced horizontally at once, and an output row is finished as soon as
 * the last source row it covers has arrived. It holds the output and two rows of sums, never the source, so
 * a decoder can feed it without keeping the full-size image anywhere.
 */
final class AreaAverageReducer {
    private final int sourceWidth;
    private final int targetWidth;
    private final int targetHeight;
    private final Spans columns;
    private final Spans rows;
    private final float[] reduced;
    private float[] current;
    private float[] next;
    private final int[] out;
    private int sourceRow;
    private int outputRow;

    /** Never enlarges: a target larger than the source is refused. */
    AreaAverageReducer(int sourceWidth, int sourceHeight, int targetWidth, int targetHeight) {
        if (targetWidth > sourceWidth || targetHeight > sourceHeight || targetWidth < 1 || targetHeight < 1) {
            throw new IllegalArgumentException("cannot scale " + sourceWidth + "x" + sourceHeight + " to "
                    + targetWidth + "x" + targetHeight);
        }
        this.sourceWidth = sourceWidth;
        this.targetWidth = targetWidth;
        this.targetHeight = targetHeight;
        this.columns = Spans.of(sourceWidth, targetWidth);
        this.rows = Spans.of(sourceHeight, targetHeight);
        this.reduced = new float[3 * targetWidth];
        this.current = new float[3 * targetWidth];
        this.next = new float[3 * targetWidth];
        this.out = new int[targetWidth * targetHeight];
    }

    int sourceWidth() {
        return sourceWidth;
    }

    /** The index of the source row expected next. */
    int nextRow() {
        return sourceRow;
    }

    /** Starts again from the first row: a progressive JPEG delivers the whole image once per scan. */
    void restart() {
        sourceRow = 0;
        outputRow = 0;
        Arrays.fill(current, 0f);
        Arrays.fill(next, 0f);
    }

    /** Takes the next source row as packed {@code 0xRRGGBB}. */
    void pushPacked(int[] row) {
        for (int dx = 0; dx < targetWidth; dx++) {
            float r = 0;
            float g = 0;
            float b = 0;
            int first = columns.first[dx];
            int offset = columns.offset[dx];
            for (int k = 0; k < columns.count[dx]; k++) {
                int p = row[first + k];
                float w = columns.weights[offset + k];
                r += w * ((p >> 16) & 0xFF);
                g += w * ((p >> 8) & 0xFF);
                b += w * (p & 0xFF);
            }
            reduced[3 * dx] = r;
            reduced[3 * dx + 1] = g;
            reduced[3 * dx + 2] = b;
        }
        accumulate();
    }

    /** Takes the next source row as interleaved 8-bit R, G, B samples, three bytes a pixel from index 0. */
    void pushRgbBytes(byte[] row) {
        for (int dx = 0; dx < targetWidth; dx++) {
            float r = 0;
            float g = 0;
            float b = 0;
            int at = 3 * columns.first[dx];
            int offset = columns.offset[dx];
            for (int k = 0; k < columns.count[dx]; k++, at += 3) {
                float w = columns.weights[offset + k];
                r += w * (row[at] & 0xFF);
                g += w * (row[at + 1] & 0xFF);
                b += w * (row[at + 2] & 0xFF);
            }
            reduced[3 * dx] = r;
            reduced[3 * dx + 1] = g;
            reduced[3 * dx + 2] = b;
        }
        accumulate();
    }

    boolean complete() {
        return outputRow == targetHeight;
    }

    /** The reduced image as packed RGB, once every source row has been pushed. */
    int[] pixels() {
        if (!complete()) {
            throw new IllegalStateException("only " + sourceRow + " source rows arrived");
        }
        return out;
    }

    /*
     * With a ratio of at least 1 a source row lies in at most two output rows (the one being summed and the
     * next), so two accumulators suffice. Rows are added in order starting from zero, exactly as a pull-style
     * loop over each output row's span would, so both give bit-identical results.
     */
    private void accumulate() {
        if (outputRow == targetHeight) {
            throw new IllegalStateException("more source rows than the image has");
        }
        int sy = sourceRow++;
        addIfCovered(outputRow, current, sy);
        if (outputRow + 1 < targetHeight) {
            addIfCovered(outputRow + 1, next, sy);
        }
        while (outputRow < targetHeight && sy >= rows.first[outputRow] + rows.count[outputRow] - 1) {
            emit(outputRow, current);
            float[] done = current;
            current = next;
            next = done;
            Arrays.fill(next, 0f);
            outputRow++;
        }
    }

    private void addIfCovered(int dy, float[] accumulator, int sy) {
        int k = sy - rows.first[dy];
        if (k < 0 || k >= rows.count[dy]) {
            return;
        }
        float w = rows.weights[rows.offset[dy] + k];
        for (int i = 0; i < accumulator.length; i++) {
            accumulator[i] += w * reduced[i];
        }
    }

    private void emit(int dy, float[] accumulator) {
        int base = dy * targetWidth;
        for (int dx = 0; dx < targetWidth; dx++) {
            out[base + dx] = (channel(accumulator[3 * dx]) << 16) | (channel(accumulator[3 * dx + 1]) << 8)
                    | channel(accumulator[3 * dx + 2]);
        }
    }

    private static int channel(float v) {
        int c = Math.round(v);
        return c < 0 ? 0 : Math.min(c, 255);
    }

    /** For each output index, the source indices it covers and their normalised coverage weights. */
    private record Spans(int[] first, int[] count, int[] offset, float[] weights) {

        static Spans of(int sourceLength, int targetLength) {
            double scale = (double) sourceLength / targetLength;
            int[] first = new int[targetLength];
            int[] count = new int[targetLength];
            int[] offset = new int[targetLength];
            float[] weights = new float[sourceLength + 2 * targetLength];
            int next = 0;
            for (int d = 0; d < targetLength; d++) {
                double start = d * scale;
                double end = Math.min(sourceLength, (d + 1) * scale);
                int from = (int) Math.floor(start);
                int to = Math.min(sourceLength, (int) Math.ceil(end));
                first[d] = from;
                count[d] = to - from;
                offset[d] = next;
                double total = 0;
                for (int s = from; s < to; s++) {
                    total += Math.min(s + 1, end) - Math.max(s, start);
                }
                for (int s = from; s < to; s++) {
                    weights[next++] = (float) ((Math.min(s + 1, end) - Math.max(s, start)) / total);
                }
            }
            return new Spans(first, count, offset, weights);
        }
    }
}
