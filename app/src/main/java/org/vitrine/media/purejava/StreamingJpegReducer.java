package org.vitrine.media.purejava;

import org.vitrine.media.PixelSize;
import org.vitrine.media.inspect.JpegStructure;
import com.twelvemonkeys.imageio.color.ColorSpaces;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferInt;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.function.Function;

/**
 * StreamingJpegReducer decodes a YCbCr, RGB or greyscale JPEG with the JDK's reader straight into an area-average
 * reduction, so the heap holds the reduced image and a few rows instead of the full-size picture (see
 * {@link ReducingRaster}). An embedded colour profile is converted to sRGB after the reduction, on the small
 * image. CMYK and YCCK JPEGs, JPEGs with alpha, and files the JDK's reader refuses are left to the caller's
 * full decode with TwelveMonkeys.
 */
final class StreamingJpegReducer {
    private static final Logger LOG = LoggerFactory.getLogger(StreamingJpegReducer.class);
    private static final String JDK_READER = "com.sun.imageio.plugins.jpeg.JPEGImageReader";

    private StreamingJpegReducer() {
    }

    /** The largest derivative as packed sRGB, in the stored orientation, and the original's stored size. */
    record Reduced(PixelSize source, int width, int height, int[] pixels) {
    }

    /**
     * Decodes and reduces in one pass; returns null when this JPEG cannot be streamed.
     *
     * @param targetSize picks {width, height} of the reduction from the stored pixel size
     * @throws IOException when the image is larger than {@code maxPixels} or cannot be read at all
     */
    static Reduced reduce(Path file, long maxPixels, Function<PixelSize, int[]> targetSize) throws IOException {
        int scans = JpegStructure.scanCount(file);
        // Several scans come as several full passes: reduce only the last (the first pass numbered 0).
        Reduced reduced = reduce(file, maxPixels, targetSize, Math.max(0, scans - 1));
        if (reduced == null && scans > 1) {
            // Fewer passes came than the file has scans (a damaged stream): reduce every pass instead.
            reduced = reduce(file, maxPixels, targetSize, 0);
        }
        return reduced;
    }

    private static Reduced reduce(Path file, long maxPixels, Function<PixelSize, int[]> targetSize, int reducedPass)
            throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) {
                throw new IOException("cannot open " + file);
            }
            ImageReader reader = jdkReader(in);
            if (reader == null) {
                return null;
            }
            try {
                reader.setInput(in, true, false);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                long pixels = (long) width * height;
                if (pixels > maxPixels) {
                    throw new IOException("image of " + pixels + " pixels exceeds the limit of " + maxPixels);
                }
                ColorSpace decodedSpace = decodedSpace(reader);
                if (decodedSpace == null) {
                    return null;
                }
                PixelSize source = new PixelSize(width, height);
                int[] target = targetSize.apply(source);
                AreaAverageReducer reducer = new AreaAverageReducer(width, height, target[0], target[1]);
                ReducingRaster raster = new ReducingRaster(width, height, reducer, reducedPass);
                ColorModel model = new ComponentColorModel(decodedSpace, false, false, Transparency.OPAQUE,
                        DataBuffer.TYPE_BYTE);
                ImageReadParam param = reader.getDefaultReadParam();
                param.setDestination(new BufferedImage(model, raster, false, null));
                reader.read(0, param);
                if (!reducer.complete()) {
                    LOG.debug("derivatives: {} gave {} passes, rows stopped at {}", file.getFileName(),
                            raster.passes(), reducer.nextRow());
                    return null;
                }
                return new Reduced(source, target[0], target[1], toSrgb(reducer.pixels(), target[0], target[1],
                        decodedSpace));
            } catch (IIOException | IllegalArgumentException | IllegalStateException e) {
                LOG.debug("derivatives: {} cannot stream ({}); decoding it whole", file.getFileName(), e.toString());
                return null;
            } finally {
                reader.dispose();
            }
        }
    }

    /** The JDK's own JPEG reader (TwelveMonkeys' wraps it but reads a whole raster when a profile is embedded). */
    static ImageReader jdkReader(ImageInputStream in) {
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        while (readers.hasNext()) {
            ImageReader candidate = readers.next();
            if (candidate.getClass().getName().equals(JDK_READER)) {
                return candidate;
            }
        }
        return null;
    }

    /**
     * The colour space the decoder's RGB samples are in: the embedded profile's, so the decoder has no reason
     * to convert each full-size row itself (it does when the destination's space differs from the profile),
     * or sRGB. Null when the JPEG is not 1- or 3-channel without alpha.
     */
    private static ColorSpace decodedSpace(ImageReader reader) throws IOException {
        Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
        if (!types.hasNext()) {
            return null;
        }
        ColorModel first = types.next().getColorModel();
        if (first.hasAlpha() || (first.getNumComponents() != 1 && first.getNumComponents() != 3)) {
            return null;
        }
        ColorSpace space = ColorSpace.getInstance(ColorSpace.CS_sRGB);
        for (Iterator<ImageTypeSpecifier> all = reader.getImageTypes(0); all.hasNext(); ) {
            ColorSpace candidate = all.next().getColorModel().getColorSpace();
            if (candidate instanceof ICC_ColorSpace && candidate.getNumComponents() == 3 && !candidate.isCS_sRGB()) {
                space = candidate;
            }
        }
        return space;
    }

    private static int[] toSrgb(int[] packed, int width, int height, ColorSpace decodedSpace) {
        if (decodedSpace.isCS_sRGB()) {
            return packed;
        }
        ICC_Profile profile = ((ICC_ColorSpace) decodedSpace).getProfile();
        if (ColorSpaces.isCS_sRGB(profile)) {
            return packed; // an embedded sRGB profile: the samples already are sRGB
        }
        // TwelveMonkeys' colour space repairs known-bad profiles, as its reader does on the full-decode path.
        ColorSpace embedded = ColorSpaces.createColorSpace(profile);
        ColorModel model = new ComponentColorModel(embedded, false, false, Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
        WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, width, height, 3, null);
        byte[] samples = new byte[3 * width];
        for (int y = 0; y < height; y++) {
            for (int x = 0, at = 0; x < width; x++, at += 3) {
                int p = packed[y * width + x];
                samples[at] = (byte) (p >> 16);
                samples[at + 1] = (byte) (p >> 8);
                samples[at + 2] = (byte) p;
            }
            raster.setDataElements(0, y, width, 1, samples);
        }
        BufferedImage srgb = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        new ColorConvertOp(null).filter(new BufferedImage(model, raster, false, null), srgb);
        return ((DataBufferInt) srgb.getRaster().getDataBuffer()).getData();
    }
}
