package org.vitrine.media.purejava;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AreaAverageScalerTest {
    private static final int SIZE = 1024;
    private static final int FACTOR = 8;

    @Test
    void shrinking_a_zone_plate_eightfold_averages_away_the_fine_rings_instead_of_aliasing_them() {
        int[] plate = zonePlate();
        int out = SIZE / FACTOR;
        int[] averaged = AreaAverageScaler.scale(PixelRows.of(plate, SIZE, SIZE), out, out);
        int[] pointSampled = new int[out * out];
        for (int y = 0; y < out; y++) {
            for (int x = 0; x < out; x++) {
                pointSampled[y * out + x] = plate[(y * FACTOR) * SIZE + x * FACTOR];
            }
        }
        // Beyond radius 40 (of 64) the rings are finer than the output can show: a good filter leaves grey.
        double averagedSpread = outerStdDev(averaged, out);
        double sampledSpread = outerStdDev(pointSampled, out);
        assertThat(sampledSpread).as("point sampling aliases (sanity check of the test)").isGreaterThan(60);
        assertThat(averagedSpread).isLessThan(20).isLessThan(sampledSpread * 0.25);
    }

    @Test
    void a_flat_colour_stays_exactly_that_colour_at_any_ratio() {
        int[] flat = new int[300 * 200];
        java.util.Arrays.fill(flat, 0x336699);
        int[] small = AreaAverageScaler.scale(PixelRows.of(flat, 300, 200), 77, 51);
        assertThat(small).containsOnly(0x336699);
    }

    @Test
    void a_same_size_request_copies_the_pixels() {
        int[] pixels = {1, 2, 3, 4, 5, 6};
        assertThat(AreaAverageScaler.scale(PixelRows.of(pixels, 3, 2), 3, 2)).containsExactly(pixels);
    }

    private static int[] zonePlate() {
        int[] pixels = new int[SIZE * SIZE];
        double k = Math.PI / SIZE; // local frequency reaches 0.5 cycles/pixel at radius SIZE/2
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                double dx = x - SIZE / 2.0;
                double dy = y - SIZE / 2.0;
                int v = (int) Math.round(127.5 + 127.5 * Math.cos(k * (dx * dx + dy * dy)));
                pixels[y * SIZE + x] = (v << 16) | (v << 8) | v;
            }
        }
        return pixels;
    }

    private static double outerStdDev(int[] grey, int size) {
        double sum = 0;
        double sumSquares = 0;
        int n = 0;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double r = Math.hypot(x + 0.5 - size / 2.0, y + 0.5 - size / 2.0);
                if (r > 40 && r < size / 2.0) {
                    int v = grey[y * size + x] & 0xFF;
                    sum += v;
                    sumSquares += (double) v * v;
                    n++;
                }
            }
        }
        double mean = sum / n;
        return Math.sqrt(sumSquares / n - mean * mean);
    }
}
