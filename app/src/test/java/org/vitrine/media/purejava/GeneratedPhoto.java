package org.vitrine.media.purejava;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import java.awt.Point;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * GeneratedPhoto writes a large camera-like JPEG (smooth light and colour, sensor noise, fine texture) without
 * holding its pixels: the JDK's JPEG writer asks its source raster for one row at a time with
 * {@code createChild}, and this raster computes each row when asked. A 48 MP file needs a few MB of heap.
 */
final class GeneratedPhoto {
    private GeneratedPhoto() {
    }

    static void writeJpeg(Path file, int width, int height, boolean progressive) throws IOException {
        ComponentColorModel model = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), false,
                false, Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
        writeJpeg(new BufferedImage(model, new RowRaster(width, height), false, null), file, progressive);
    }

    /** Writes an image as a JPEG of quality 0.9, or progressive with the writer's defaults. */
    static void writeJpeg(java.awt.image.RenderedImage image, Path file, boolean progressive) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (progressive) {
                param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
            } else {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(0.9f);
            }
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
    }

    private static final class RowRaster extends WritableRaster {
        RowRaster(int width, int height) {
            super(new PixelInterleavedSampleModel(DataBuffer.TYPE_BYTE, width, height, 3, 3 * width,
                    new int[]{0, 1, 2}), new DataBufferByte(3), new Point(0, 0));
        }

        @Override
        public Raster createChild(int x, int y, int w, int h, int childX, int childY, int[] bands) {
            if (h != 1 || bands != null && bands.length != 3) {
                throw new UnsupportedOperationException("rows only: " + w + "x" + h);
            }
            byte[] row = new byte[3 * w];
            fill(row, x, y, w);
            return Raster.createInterleavedRaster(new DataBufferByte(row, row.length), w, 1, 3 * w, 3,
                    new int[]{0, 1, 2}, new Point(childX, childY));
        }

        private void fill(byte[] row, int x0, int y, int w) {
            SplittableRandom noise = new SplittableRandom(y * 31L + 17);
            double fy = (double) y / getHeight();
            for (int i = 0; i < w; i++) {
                double fx = (double) (x0 + i) / getWidth();
                double light = 0.55 + 0.35 * Math.sin(3.1 * fx + 1.7 * fy) * Math.cos(2.3 * fy - fx);
                double texture = 18 * Math.sin((x0 + i) * 0.9 + y * 0.35) * Math.sin(y * 0.8 - (x0 + i) * 0.2);
                int grain = noise.nextInt(-12, 13);
                row[3 * i] = sample(255 * light * (0.8 + 0.3 * fx) + texture + grain);
                row[3 * i + 1] = sample(255 * light * (0.7 + 0.2 * fy) + texture + grain);
                row[3 * i + 2] = sample(255 * light * (0.6 + 0.3 * (1 - fx)) + texture + noise.nextInt(-12, 13));
            }
        }

        private static byte sample(double v) {
            return (byte) Math.clamp(Math.round(v), 0, 255);
        }
    }
}
