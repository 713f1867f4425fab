package org.vitrine.media;

/**
 * AreaAverageScaler shrinks an image by averaging, for each output pixel, exactly the source area it covers
 * (a box filter with fractional edge weights). Unlike point sampling or a single bicubic step it cannot
 * alias: every source pixel contributes to the result. Separable: rows are reduced horizontally as they
 * stream in, then blended vertically, so memory is the output plus a few rows.
 */
final class AreaAverageScaler {
    private AreaAverageScaler() {
    }

    /** Returns packed RGB pixels of size {@code targetWidth × targetHeight}; never enlarges. */
    static int[] scale(PixelRows source, int targetWidth, int targetHeight) {
        int sw = source.width();
        int sh = source.height();
        if (targetWidth > sw || targetHeight > sh || targetWidth < 1 || targetHeight < 1) {
            throw new IllegalArgumentException("cannot scale " + sw + "x" + sh + " to " + targetWidth + "x" + targetHeight);
        }
        int[] out = new int[targetWidth * targetHeight];
        int[] sourceRow = new int[sw];
        if (targetWidth == sw && targetHeight == sh) {
            for (int y = 0; y < sh; y++) {
                source.row(y, sourceRow);
                System.arraycopy(sourceRow, 0, out, y * sw, sw);
            }
            return out;
        }
        Spans columns = Spans.of(sw, targetWidth);
        Spans rows = Spans.of(sh, targetHeight);
        float[] reduced = new float[3 * targetWidth];
        float[] accumulator = new float[3 * targetWidth];
        int reducedRow = -1;
        for (int dy = 0; dy < targetHeight; dy++) {
            java.util.Arrays.fill(accumulator, 0f);
            for (int k = 0; k < rows.count[dy]; k++) {
                int sy = rows.first[dy] + k;
                if (sy != reducedRow) {
                    // A source row on a boundary serves two output rows in a row: reduce it only once.
                    source.row(sy, sourceRow);
                    reduceRow(sourceRow, columns, reduced);
                    reducedRow = sy;
                }
                float w = rows.weights[rows.offset[dy] + k];
                for (int i = 0; i < accumulator.length; i++) {
                    accumulator[i] += w * reduced[i];
                }
            }
            int base = dy * targetWidth;
            for (int dx = 0; dx < targetWidth; dx++) {
                out[base + dx] = (channel(accumulator[3 * dx]) << 16) | (channel(accumulator[3 * dx + 1]) << 8)
                        | channel(accumulator[3 * dx + 2]);
            }
        }
        return out;
    }

    private static void reduceRow(int[] row, Spans columns, float[] reduced) {
        for (int dx = 0; dx < columns.count.length; dx++) {
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
