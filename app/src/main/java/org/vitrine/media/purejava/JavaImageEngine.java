package org.vitrine.media.purejava;

import org.vitrine.media.DerivativeSizes;
import org.vitrine.media.ImageEngine;
import org.vitrine.media.ImageFormat;
import org.vitrine.media.Orientations;
import org.vitrine.media.PixelLimit;
import org.vitrine.media.UnsupportedImageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * JavaImageEngine renders derivatives in pure Java (ImageIO with the TwelveMonkeys plugins): one decode, an
 * area-average reduction to the largest size, then each smaller size from the one before. Ordinary JPEGs are
 * reduced while they decode, so their heap does not grow with megapixels; other formats (and CMYK JPEGs)
 * are decoded whole first. HEIC and AVIF need libvips, so they are refused with a message saying so.
 */
public final class JavaImageEngine implements ImageEngine {
    private static final Logger LOG = LoggerFactory.getLogger(JavaImageEngine.class);

    private final long maxPixels;
    private final boolean streamJpeg;

    public JavaImageEngine() {
        this(PixelLimit.DEFAULT_MAX_PIXELS);
    }

    /** @param maxPixels a second line of defence behind the inspector: larger images are never decoded */
    public JavaImageEngine(long maxPixels) {
        this(maxPixels, true);
    }

    /**
     * @param streamJpeg whether JPEGs are reduced while they are decoded (see {@link StreamingJpegReducer});
     *                   false decodes every image whole first, as all other formats are (kept for comparison)
     */
    JavaImageEngine(long maxPixels, boolean streamJpeg) {
        this.maxPixels = maxPixels;
        this.streamJpeg = streamJpeg;
    }

    @Override
    public String name() {
        return "java";
    }

    @Override
    public boolean canDecode(ImageFormat format) {
        return format != ImageFormat.HEIC && format != ImageFormat.AVIF;
    }

    @Override
    public List<RenderedImage> render(Path original, ImageFormat format, int orientation, List<Integer> longEdges,
                                      Path outputDir) throws IOException, UnsupportedImageException {
        if (!canDecode(format)) {
            throw new UnsupportedImageException(format.name() + " photos need the libvips image engine: install "
                    + "libvips (Debian package libvips42) and restart Vitrine; the photo is kept and will be "
                    + "processed then");
        }
        int o = Orientations.normalize(orientation);
        long started = System.nanoTime();
        boolean swaps = Orientations.swapsAxes(o);
        StreamingJpegReducer.Reduced streamed = format == ImageFormat.JPEG && streamJpeg && longEdges.stream().anyMatch(l -> l > 0)
                ? StreamingJpegReducer.reduce(original, maxPixels,
                        size -> DerivativeSizes.plan((int) size.width(), (int) size.height(), swaps, longEdges).getFirst())
                : null;
        List<int[]> sizes;
        PixelRows source;
        if (streamed != null) {
            sizes = DerivativeSizes.plan((int) streamed.source().width(), (int) streamed.source().height(), swaps, longEdges);
            source = PixelRows.of(streamed.pixels(), streamed.width(), streamed.height());
        } else {
            BufferedImage decoded = decode(original, format);
            sizes = DerivativeSizes.plan(decoded.getWidth(), decoded.getHeight(), swaps, longEdges);
            source = SrgbRows.of(decoded);
        }
        Files.createDirectories(outputDir);
        List<RenderedImage> rendered = new ArrayList<>();
        // Scaling runs in the stored orientation (area averaging commutes with rotation and mirroring),
        // so each level cascades from the previous one and only the written copy is turned upright.
        for (int[] size : sizes) {
            int storedWidth = size[0];
            int storedHeight = size[1];
            int[] pixels = streamed != null && rendered.isEmpty() ? streamed.pixels()
                    : AreaAverageScaler.scale(source, storedWidth, storedHeight);
            source = PixelRows.of(pixels, storedWidth, storedHeight); // the full decode is now garbage
            int width = swaps ? storedHeight : storedWidth;
            int height = swaps ? storedWidth : storedHeight;
            Path file = outputDir.resolve(width + "x" + height + ".jpg");
            JpegDerivativeWriter.write(Orientations.apply(pixels, storedWidth, storedHeight, o), width, height, file);
            rendered.add(new RenderedImage(width, height, file));
        }
        LOG.debug("derivatives: {} sizes of {} ({}) done in {} ms", rendered.size(), original.getFileName(),
                streamed != null ? "streamed" : "decoded whole", (System.nanoTime() - started) / 1_000_000);
        return rendered;
    }

    private BufferedImage decode(Path original, ImageFormat format) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(original.toFile())) {
            if (in == null) {
                throw new IOException("cannot open " + original);
            }
            ImageReader reader = reader(in, format);
            try {
                reader.setInput(in, true, false);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels > maxPixels) {
                    throw new IOException("image of " + pixels + " pixels exceeds the limit of " + maxPixels);
                }
                // Index 0: the first frame of an animated GIF.
                BufferedImage image = reader.read(0);
                return format == ImageFormat.GIF ? GifFrames.onLogicalScreen(reader, image) : image;
            } finally {
                reader.dispose();
            }
        }
    }

    /** Prefers TwelveMonkeys' readers: its JPEG reader handles CMYK/YCCK and ICC profiles the JDK's cannot. */
    private static ImageReader reader(ImageInputStream in, ImageFormat format) throws IOException {
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        ImageReader chosen = null;
        while (readers.hasNext()) {
            ImageReader candidate = readers.next();
            if (chosen == null || candidate.getClass().getName().startsWith("com.twelvemonkeys")
                    && !chosen.getClass().getName().startsWith("com.twelvemonkeys")) {
                chosen = candidate;
            }
        }
        if (chosen == null) {
            throw new IOException("no decoder for " + format + " data");
        }
        return chosen;
    }
}
