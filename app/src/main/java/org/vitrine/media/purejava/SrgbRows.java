package org.vitrine.media.purejava;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.ColorModel;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;

/**
 * SrgbRows reads a decoded image as opaque sRGB rows: colour profiles are converted, grey and 16-bit
 * samples are brought to 8 bits, and transparency is laid over white (a JPEG has no alpha, and black is
 * what a naive conversion would show).
 */
final class SrgbRows implements PixelRows {
    private final BufferedImage image;
    private final Mode mode;
    private int[] samples;
    private int[] alpha;

    private enum Mode { BGR_BYTES, GREY, RGB }

    private SrgbRows(BufferedImage image, Mode mode) {
        this.image = image;
        this.mode = mode;
    }

    static SrgbRows of(BufferedImage decoded) {
        ColorModel model = decoded.getColorModel();
        ColorSpace space = model.getColorSpace();
        if (!(model instanceof IndexColorModel) && space.getType() == ColorSpace.TYPE_GRAY) {
            // Read grey samples as they are: the JDK's grey space is linear, so its own conversion would
            // wash out every ordinary (gamma-encoded) greyscale photo.
            return new SrgbRows(decoded, Mode.GREY);
        }
        if (!(model instanceof IndexColorModel) && !space.isCS_sRGB()) {
            decoded = toSrgb(decoded);
        }
        if (decoded.getType() == BufferedImage.TYPE_3BYTE_BGR) {
            return new SrgbRows(decoded, Mode.BGR_BYTES);
        }
        return new SrgbRows(decoded, Mode.RGB);
    }

    private static BufferedImage toSrgb(BufferedImage decoded) {
        int type = decoded.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB;
        BufferedImage srgb = new BufferedImage(decoded.getWidth(), decoded.getHeight(), type);
        new ColorConvertOp(null).filter(decoded, srgb);
        return srgb;
    }

    @Override
    public int width() {
        return image.getWidth();
    }

    @Override
    public int height() {
        return image.getHeight();
    }

    @Override
    public void row(int y, int[] out) {
        int w = image.getWidth();
        switch (mode) {
            case BGR_BYTES -> {
                byte[] data = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
                int at = y * w * 3;
                for (int x = 0; x < w; x++, at += 3) {
                    out[x] = ((data[at + 2] & 0xFF) << 16) | ((data[at + 1] & 0xFF) << 8) | (data[at] & 0xFF);
                }
            }
            case GREY -> greyRow(y, out);
            case RGB -> {
                image.getRGB(0, y, w, 1, out, 0, w);
                for (int x = 0; x < w; x++) {
                    out[x] = overWhite(out[x]);
                }
            }
        }
    }

    private void greyRow(int y, int[] out) {
        Raster raster = image.getRaster();
        int w = image.getWidth();
        samples = raster.getSamples(0, y, w, 1, 0, samples == null ? new int[w] : samples);
        int max = (1 << image.getColorModel().getComponentSize(0)) - 1;
        boolean hasAlpha = raster.getNumBands() > 1;
        if (hasAlpha) {
            alpha = raster.getSamples(0, y, w, 1, 1, alpha == null ? new int[w] : alpha);
        }
        int alphaMax = hasAlpha ? (1 << image.getColorModel().getComponentSize(1)) - 1 : 1;
        for (int x = 0; x < w; x++) {
            int v = (int) ((samples[x] * 255L + max / 2) / max);
            int a = hasAlpha ? (int) ((alpha[x] * 255L + alphaMax / 2) / alphaMax) : 255;
            out[x] = overWhite((a << 24) | (v << 16) | (v << 8) | v);
        }
    }

    /** Composites non-premultiplied ARGB over white and drops the alpha. */
    static int overWhite(int argb) {
        int a = argb >>> 24;
        if (a == 255) {
            return argb & 0xFFFFFF;
        }
        int white = (255 - a) * 255;
        int r = (((argb >> 16) & 0xFF) * a + white + 127) / 255;
        int g = (((argb >> 8) & 0xFF) * a + white + 127) / 255;
        int b = ((argb & 0xFF) * a + white + 127) / 255;
        return (r << 16) | (g << 8) | b;
    }
}
