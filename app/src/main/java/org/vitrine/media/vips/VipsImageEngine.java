package org.vitrine.media.vips;

import org.vitrine.media.DerivativeSizes;
import org.vitrine.media.ImageEngine;
import org.vitrine.media.ImageFormat;
import org.vitrine.media.Orientations;
import org.vitrine.media.PixelLimit;
import org.vitrine.media.UnsupportedImageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * VipsImageEngine renders derivatives with the system's libvips (Debian libvips42) called through the Foreign
 * Function & Memory API: one shrink-on-load decode to the largest size in sRGB, copied to memory, then every
 * smaller size resized from that copy. It also decodes HEIC and, where libheif has an AV1 decoder, AVIF.
 */
public final class VipsImageEngine implements ImageEngine {
    private static final Logger LOG = LoggerFactory.getLogger(VipsImageEngine.class);
    private static final int QUALITY = ImageEngine.JPEG_QUALITY;
    private static final long SMALL_JOB_BUDGET_MB = 256;

    private final Vips vips;
    private final Set<ImageFormat> decodable;
    private final long maxPixels;

    private VipsImageEngine(Vips vips, Set<ImageFormat> decodable, long maxPixels) {
        this.vips = vips;
        this.decodable = decodable;
        this.maxPixels = maxPixels;
    }

    /** Loads libvips, or returns empty (and logs why) when this machine does not have it. */
    public static Optional<VipsImageEngine> load() {
        return load(PixelLimit.DEFAULT_MAX_PIXELS, threadsPerImage(1, Long.MAX_VALUE));
    }

    /**
     * How many threads libvips should use for one image when {@code jobThreads} jobs run at once within a memory
     * budget: the cores shared out between the jobs, and one per job where each job has less than
     * {@value #SMALL_JOB_BUDGET_MB} MiB (every libvips thread holds its own buffers of image lines).
     */
    public static int threadsPerImage(int jobThreads, long budgetMb) {
        int cores = Runtime.getRuntime().availableProcessors();
        int jobs = Math.max(1, jobThreads);
        if (budgetMb / jobs < SMALL_JOB_BUDGET_MB) {
            return 1;
        }
        return Math.max(1, cores / jobs);
    }

    /**
     * @param maxPixels      a second line of defence behind the inspector: larger images are never decoded
     * @param threadsPerImage how many threads libvips uses for one image (for the whole process)
     */
    public static Optional<VipsImageEngine> load(long maxPixels, int threadsPerImage) {
        if (threadsPerImage < 1) {
            throw new IllegalArgumentException("threadsPerImage must be at least 1, got " + threadsPerImage);
        }
        Vips vips;
        try {
            vips = Library.get();
        } catch (IllegalStateException e) {
            LOG.info("media: libvips cannot be loaded ({}); install the Debian package libvips42 to use it",
                    e.getMessage());
            return Optional.empty();
        }
        vips.concurrency(threadsPerImage);
        Set<ImageFormat> decodable = probe(vips);
        return Optional.of(new VipsImageEngine(vips, decodable, maxPixels));
    }

    /** Why {@link #load()} finds no libvips, or null when it does. */
    public static String unavailableReason() {
        try {
            Library.get();
            return null;
        } catch (IllegalStateException e) {
            return e.getMessage();
        }
    }

    /** What libvips holds right now, for tests that check nothing outlives a render. */
    Vips.Tracked tracked() {
        return vips.tracked();
    }

    /** How many warnings libvips has reported in this process. */
    long warnings() {
        return vips.warnings();
    }

    @Override
    public String name() {
        return "vips";
    }

    @Override
    public boolean canDecode(ImageFormat format) {
        return decodable.contains(format);
    }

    @Override
    public List<RenderedImage> render(Path original, ImageFormat format, int orientation, List<Integer> longEdges,
                                      Path outputDir) throws IOException, UnsupportedImageException {
        if (!canDecode(format)) {
            throw new UnsupportedImageException(format.name() + " photos cannot be decoded by this machine's "
                    + "libvips" + (format == ImageFormat.AVIF ? " (libheif has no AV1 decoder: install libdav1d or "
                    + "libaom and restart Vitrine)" : "") + "; the photo is kept and will be processed then");
        }
        long started = System.nanoTime();
        Files.createDirectories(outputDir);
        List<RenderedImage> rendered;
        try {
            rendered = vips.shared(() -> renderOnce(original, orientation, longEdges, outputDir));
        } catch (Vips.VipsException unattributed) {
            // Its reason may be another render's (libvips has one error buffer): run it again alone, so that
            // the reason recorded is this file's. Failures are rare, so good photos never wait for this.
            LOG.debug("derivatives: libvips failed on {}; trying again alone for its own reason",
                    original.getFileName());
            rendered = vips.alone(() -> renderOnce(original, orientation, longEdges, outputDir));
        }
        LOG.debug("derivatives: {} sizes of {} done in {} ms with libvips", rendered.size(), original.getFileName(),
                (System.nanoTime() - started) / 1_000_000);
        return rendered;
    }

    private List<RenderedImage> renderOnce(Path original, int orientation, List<Integer> longEdges, Path outputDir)
            throws IOException {
        // "[]" ends vips' "file[options]" syntax, so a file name with brackets is read as it is.
        String file = original.toAbsolutePath() + "[]";
        // libheif applies HEIF/AVIF's irot/imir while decoding (and libvips drops their EXIF orientation): callers
        // pass only the rotation that remains (ImageFormat.decoderAppliesOrientation), so apply exactly what is given.
        int o = Orientations.normalize(orientation);
        List<RenderedImage> rendered = new ArrayList<>();
        try (Arena arena = Arena.ofConfined(); var images = new Refs(vips)) {
            int storedWidth;
            int storedHeight;
            boolean cmyk;
            MemorySegment header = vips.open(arena, file);
            try {
                storedWidth = vips.width(header);
                storedHeight = vips.height(header);
                cmyk = vips.interpretation(header) == Vips.INTERPRETATION_CMYK;
            } finally {
                vips.unref(header); // only its size is needed: the decode below opens the file its own way
            }
            if ((long) storedWidth * storedHeight > maxPixels) {
                throw new IOException("image of " + (long) storedWidth * storedHeight
                        + " pixels exceeds the limit of " + maxPixels);
            }
            List<int[]> sizes = DerivativeSizes.plan(storedWidth, storedHeight, Orientations.swapsAxes(o), longEdges);
            if (sizes.isEmpty()) {
                return List.of();
            }
            int[] largest = sizes.getFirst();
            MemorySegment decoded = images.add(vips.thumbnail(arena, file, largest[0], largest[1]));
            MemorySegment srgb = toSrgb8(arena, images, decoded, cmyk);
            // The decode is sequential and can be read once: every size comes from this copy.
            MemorySegment inMemory = images.add(vips.copyMemory(srgb));
            MemorySegment upright = upright(arena, images, inMemory, o);
            int uprightWidth = vips.width(upright);
            int uprightHeight = vips.height(upright);
            for (int[] stored : sizes) {
                int width = Orientations.swapsAxes(o) ? stored[1] : stored[0];
                int height = Orientations.swapsAxes(o) ? stored[0] : stored[1];
                MemorySegment image = stored == largest ? upright : images.add(vips.resize(arena, upright,
                        (double) width / uprightWidth, (double) height / uprightHeight));
                rendered.add(save(arena, image, outputDir));
            }
        }
        return rendered;
    }

    /** Ends with 8-bit sRGB, 3 bands: ICC profile applied, alpha laid over white, greyscale and 16-bit converted. */
    private MemorySegment toSrgb8(Arena arena, Refs images, MemorySegment in, boolean cmyk) throws IOException {
        MemorySegment image = in;
        // vips_thumbnail already converted CMYK with its profile, which stays attached but no longer fits.
        if (!cmyk && vips.hasIccProfile(image)) {
            image = images.add(vips.iccToSrgb(arena, image));
        }
        if (vips.hasAlpha(image)) {
            double max = vips.format(image) == Vips.FORMAT_USHORT ? 65535 : 255;
            image = images.add(vips.flatten(arena, image, max, max));
        }
        if (vips.interpretation(image) != Vips.INTERPRETATION_SRGB || vips.bands(image) != 3) {
            image = images.add(vips.colourspace(arena, image, Vips.INTERPRETATION_SRGB));
        }
        if (vips.format(image) != Vips.FORMAT_UCHAR) {
            image = images.add(vips.cast(arena, image, Vips.FORMAT_UCHAR));
        }
        return image;
    }

    /** Applies an EXIF orientation as libvips' own autorot does: a rotation, then a left-right mirror. */
    private MemorySegment upright(Arena arena, Refs images, MemorySegment in, int orientation) throws IOException {
        int angle = switch (orientation) {
            case 3, 4 -> Vips.ANGLE_D180;
            case 5, 6 -> Vips.ANGLE_D90;
            case 7, 8 -> Vips.ANGLE_D270;
            default -> -1;
        };
        boolean mirror = orientation == 2 || orientation == 4 || orientation == 5 || orientation == 7;
        MemorySegment image = angle < 0 ? in : images.add(vips.rot(arena, in, angle));
        return mirror ? images.add(vips.flip(arena, image, Vips.DIRECTION_HORIZONTAL)) : image;
    }

    /** Same names and atomicity as the pure-Java engine: WxH.jpg, written beside it first, then renamed. */
    private RenderedImage save(Arena arena, MemorySegment image, Path outputDir) throws IOException {
        int width = vips.width(image);
        int height = vips.height(image);
        Path target = outputDir.resolve(width + "x" + height + ".jpg");
        Path temp = Files.createTempFile(outputDir, "." + target.getFileName(), ".tmp");
        try {
            vips.jpegsave(arena, image, temp.toString(), QUALITY);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
        return new RenderedImage(width, height, target);
    }

    /**
     * Which formats this libvips really decodes: HEIC and AVIF by decoding a tiny sample of each (libvips has
     * one HEIF loader whatever codecs libheif was built with), the others by their loader being present.
     */
    private static Set<ImageFormat> probe(Vips vips) {
        Set<ImageFormat> formats = EnumSet.noneOf(ImageFormat.class);
        for (ImageFormat format : ImageFormat.values()) {
            boolean ok = switch (format) {
                case HEIC, AVIF -> decodesSample(vips, format);
                case JPEG -> vips.hasOperation("jpegload");
                case PNG -> vips.hasOperation("pngload");
                case GIF -> vips.hasOperation("gifload");
                case WEBP -> vips.hasOperation("webpload");
                case TIFF -> vips.hasOperation("tiffload");
            };
            if (ok) {
                formats.add(format);
            }
        }
        if (formats.size() < ImageFormat.values().length) {
            LOG.info("media: libvips on this machine cannot decode {}",
                    EnumSet.complementOf(EnumSet.copyOf(formats)));
        }
        return formats;
    }

    private static boolean decodesSample(Vips vips, ImageFormat format) {
        String resource = "probe." + format.extension();
        try (InputStream in = VipsImageEngine.class.getResourceAsStream(resource); Arena arena = Arena.ofConfined()) {
            if (in == null) {
                throw new IOException("missing resource " + resource);
            }
            byte[] bytes = in.readAllBytes();
            MemorySegment data = arena.allocate(bytes.length);
            MemorySegment.copy(bytes, 0, data, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, bytes.length);
            return vips.alone(() -> {
                MemorySegment image = null;
                MemorySegment pixels = null;
                try {
                    image = vips.openBuffer(data);
                    pixels = vips.copyMemory(image);
                    return vips.width(pixels) == 16;
                } finally {
                    vips.unref(pixels);
                    vips.unref(image);
                }
            });
        } catch (IOException e) {
            LOG.info("media: libvips cannot decode {}: {}", format, e.getMessage());
            return false;
        }
    }

    /** Refs unrefs every image it was given when a render ends, however it ends. */
    private static final class Refs implements AutoCloseable {
        private final Vips vips;
        private final List<MemorySegment> images = new ArrayList<>();

        Refs(Vips vips) {
            this.vips = vips;
        }

        MemorySegment add(MemorySegment image) {
            images.add(image);
            return image;
        }

        @Override
        public void close() {
            images.reversed().forEach(vips::unref);
        }
    }

    /** Library loads libvips once per process; a failure is remembered and reported on every later attempt. */
    private static final class Library {
        private static boolean tried;
        private static Vips vips;
        private static String failure;

        static synchronized Vips get() {
            if (!tried) {
                tried = true;
                try {
                    vips = Vips.load();
                } catch (Throwable t) {
                    failure = t.getClass().getSimpleName() + ": " + t.getMessage();
                }
            }
            if (vips == null) {
                throw new IllegalStateException(failure);
            }
            return vips;
        }
    }
}
