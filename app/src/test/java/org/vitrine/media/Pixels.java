package org.vitrine.media;

import java.awt.image.BufferedImage;

/** Pixels compares rendered images in tests: mean differences and coarse colour grids. */
public final class Pixels {
    private Pixels() {
    }

    public static double meanAbsoluteDifference(BufferedImage a, BufferedImage b) {
        long sum = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                for (int shift = 0; shift <= 16; shift += 8) {
                    sum += Math.abs(((p >> shift) & 0xFF) - ((q >> shift) & 0xFF));
                }
            }
        }
        return sum / (3.0 * a.getWidth() * a.getHeight());
    }

    public static double[] mean(BufferedImage image) {
        double[] sum = new double[3];
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int p = image.getRGB(x, y);
                sum[0] += (p >> 16) & 0xFF;
                sum[1] += (p >> 8) & 0xFF;
                sum[2] += p & 0xFF;
            }
        }
        double n = (double) image.getWidth() * image.getHeight();
        return new double[]{sum[0] / n, sum[1] / n, sum[2] / n};
    }

    /** The largest per-channel difference between the image's box-averaged grid and a reference grid. */
    public static double maxGridDifference(BufferedImage image, int[][][] reference) {
        int rows = reference.length;
        int columns = reference[0].length;
        double worst = 0;
        for (int gy = 0; gy < rows; gy++) {
            for (int gx = 0; gx < columns; gx++) {
                BufferedImage cell = image.getSubimage(gx * image.getWidth() / columns, gy * image.getHeight() / rows,
                        image.getWidth() / columns, image.getHeight() / rows);
                double[] m = mean(cell);
                for (int c = 0; c < 3; c++) {
                    worst = Math.max(worst, Math.abs(m[c] - reference[gy][gx][c]));
                }
            }
        }
        return worst;
    }
}
