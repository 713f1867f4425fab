package org.vitrine.media.vips;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Vips is a direct binding of the few libvips 8.14 functions Vitrine needs, through the Foreign Function & Memory
 * API. Each method returns a new {@code VipsImage*} the caller must {@link #unref}; a failing call throws with
 * libvips' own message. Option lists are C varargs, so every distinct list of options has its own downcall handle.
 */
final class Vips {
    static final int INTERPRETATION_CMYK = 15;
    static final int INTERPRETATION_SRGB = 22;
    static final int FORMAT_UCHAR = 0;
    static final int FORMAT_USHORT = 2;
    static final int SIZE_FORCE = 3;
    static final int INTENT_PERCEPTUAL = 0;
    static final int ANGLE_D90 = 1;
    static final int ANGLE_D180 = 2;
    static final int ANGLE_D270 = 3;
    static final int DIRECTION_HORIZONTAL = 0;

    /** vips_error_buffer is one buffer for the whole process: reading and clearing it must not interleave. */
    private static final Object ERROR_LOCK = new Object();

    private final Arena names = Arena.global();
    private final MethodHandle errorBuffer;
    private final MethodHandle errorClear;
    private final MethodHandle unref;
    private final MethodHandle typeFind;
    private final MethodHandle width;
    private final MethodHandle height;
    private final MethodHandle bands;
    private final MethodHandle format;
    private final MethodHandle interpretation;
    private final MethodHandle hasAlpha;
    private final MethodHandle newFromFile;
    private final MethodHandle newFromBuffer;
    private final MethodHandle copyMemory;
    private final MethodHandle thumbnail;
    private final MethodHandle typeOf;
    private final MethodHandle iccTransform;
    private final MethodHandle colourspace;
    private final MethodHandle cast;
    private final MethodHandle rot;
    private final MethodHandle flip;
    private final MethodHandle flatten;
    private final MethodHandle arrayDoubleNew;
    private final MethodHandle areaUnref;
    private final MethodHandle resize;
    private final MethodHandle jpegsave;

    private Vips(SymbolLookup lib) throws Throwable {
        var intOf = FunctionDescriptor.of(JAVA_INT, ADDRESS);
        // (in, &out, int, NULL): colourspace, cast, rot, flip
        var imageOutInt = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS);
        errorBuffer = handle(lib, "vips_error_buffer", FunctionDescriptor.of(ADDRESS));
        errorClear = handle(lib, "vips_error_clear", FunctionDescriptor.ofVoid());
        unref = handle(lib, "g_object_unref", FunctionDescriptor.ofVoid(ADDRESS));
        typeFind = handle(lib, "vips_type_find", FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS));
        width = handle(lib, "vips_image_get_width", intOf);
        height = handle(lib, "vips_image_get_height", intOf);
        bands = handle(lib, "vips_image_get_bands", intOf);
        format = handle(lib, "vips_image_get_format", intOf);
        interpretation = handle(lib, "vips_image_get_interpretation", intOf);
        hasAlpha = handle(lib, "vips_image_hasalpha", intOf);
        newFromFile = handle(lib, "vips_image_new_from_file", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS), 1);
        newFromBuffer = handle(lib, "vips_image_new_from_buffer",
                FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS), 3);
        copyMemory = handle(lib, "vips_image_copy_memory", FunctionDescriptor.of(ADDRESS, ADDRESS));
        thumbnail = handle(lib, "vips_thumbnail", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT,
                ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS), 3);
        typeOf = handle(lib, "vips_image_get_typeof", FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS));
        iccTransform = handle(lib, "vips_icc_transform", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS,
                ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS), 3);
        colourspace = handle(lib, "vips_colourspace", imageOutInt, 3);
        cast = handle(lib, "vips_cast", imageOutInt, 3);
        rot = handle(lib, "vips_rot", imageOutInt, 3);
        flip = handle(lib, "vips_flip", imageOutInt, 3);
        flatten = handle(lib, "vips_flatten", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS,
                ADDRESS, ADDRESS, ADDRESS, JAVA_DOUBLE, ADDRESS), 2);
        arrayDoubleNew = handle(lib, "vips_array_double_new", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT));
        areaUnref = handle(lib, "vips_area_unref", FunctionDescriptor.ofVoid(ADDRESS));
        resize = handle(lib, "vips_resize", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_DOUBLE,
                ADDRESS, JAVA_DOUBLE, ADDRESS), 3);
        jpegsave = handle(lib, "vips_jpegsave", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS,
                ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS), 2);

        var init = handle(lib, "vips_init", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        if ((int) init.invokeExact(name("vitrine")) != 0) {
            throw new IOException("vips_init failed: " + takeError());
        }
        // The operation cache keeps decoded images alive between photos: about twice the peak memory, no gain.
        handle(lib, "vips_cache_set_max", FunctionDescriptor.ofVoid(JAVA_INT)).invokeExact(0);
        // Loaders libvips marks untrusted (ImageMagick, JPEG-XL, ...) never see uploaded files.
        handle(lib, "vips_block_untrusted_set", FunctionDescriptor.ofVoid(JAVA_INT)).invokeExact(1);
    }

    /** Loads and initialises libvips.so.42; throws when the library or one of its functions is missing. */
    static Vips load() throws Throwable {
        return new Vips(SymbolLookup.libraryLookup("libvips.so.42", Arena.global()));
    }

    private static MethodHandle handle(SymbolLookup lib, String name, FunctionDescriptor descriptor) {
        return Linker.nativeLinker().downcallHandle(symbol(lib, name), descriptor);
    }

    private static MethodHandle handle(SymbolLookup lib, String name, FunctionDescriptor descriptor,
                                       int firstVariadic) {
        return Linker.nativeLinker().downcallHandle(symbol(lib, name), descriptor,
                Linker.Option.firstVariadicArg(firstVariadic));
    }

    private static MemorySegment symbol(SymbolLookup lib, String name) {
        return lib.find(name).orElseThrow(() -> new UnsatisfiedLinkError("libvips has no " + name));
    }

    /** Interned C strings for option names and constants: allocated once, kept for the process. */
    private MemorySegment name(String s) {
        return names.allocateFrom(s);
    }

    private final MemorySegment optHeight = name("height");
    private final MemorySegment optSize = name("size");
    private final MemorySegment optNoRotate = name("no_rotate");
    private final MemorySegment optEmbedded = name("embedded");
    private final MemorySegment iccProfileData = name("icc-profile-data");
    private final MemorySegment optIntent = name("intent");
    private final MemorySegment optBackground = name("background");
    private final MemorySegment optMaxAlpha = name("max_alpha");
    private final MemorySegment optVscale = name("vscale");
    private final MemorySegment optQ = name("Q");
    private final MemorySegment optStrip = name("strip");
    private final MemorySegment optOptimizeCoding = name("optimize_coding");
    private final MemorySegment optInterlace = name("interlace");
    private final MemorySegment srgbProfile = name("srgb");
    private final MemorySegment operationType = name("VipsOperation");
    private final MemorySegment noOptions = name("");

    boolean hasOperation(String nickname) {
        try (Arena arena = Arena.ofConfined()) {
            return (long) typeFind.invokeExact(operationType, arena.allocateFrom(nickname)) != 0;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Opens a file lazily: the header is read, pixels are not decoded until something asks for them. */
    MemorySegment open(Arena arena, String filename) throws IOException {
        MemorySegment image = call(() -> (MemorySegment) newFromFile.invokeExact(arena.allocateFrom(filename),
                MemorySegment.NULL));
        return checked(image, "vips_image_new_from_file");
    }

    MemorySegment openBuffer(MemorySegment data) throws IOException {
        MemorySegment image = call(() -> (MemorySegment) newFromBuffer.invokeExact(data, data.byteSize(),
                noOptions, MemorySegment.NULL));
        return checked(image, "vips_image_new_from_buffer");
    }

    /**
     * Decodes with shrink-on-load to exactly {@code width x height} in the stored orientation (orientation tags
     * are not applied). libvips 8.14 turns CMYK and 16-bit input into 8-bit sRGB itself (CMYK with the embedded
     * profile's relative intent, whatever "intent" says); other embedded profiles stay attached, unapplied.
     * Its "export_profile" option is not used: on a 16-bit image without a profile it darkens the picture.
     */
    MemorySegment thumbnail(Arena arena, String filename, int width, int height) throws IOException {
        MemorySegment out = arena.allocate(ADDRESS);
        MemorySegment file = arena.allocateFrom(filename);
        int rc = call(() -> (int) thumbnail.invokeExact(file, out, width, optHeight, height, optSize, SIZE_FORCE,
                optNoRotate, 1, MemorySegment.NULL));
        return result(rc, out, "vips_thumbnail");
    }

    boolean hasIccProfile(MemorySegment image) {
        return call(() -> (long) typeOf.invokeExact(image, iccProfileData)) != 0;
    }

    /** Converts from the embedded ICC profile to sRGB with the perceptual intent, as TwelveMonkeys does. */
    MemorySegment iccToSrgb(Arena arena, MemorySegment in) throws IOException {
        MemorySegment out = arena.allocate(ADDRESS);
        int rc = call(() -> (int) iccTransform.invokeExact(in, out, srgbProfile, optEmbedded, 1, optIntent,
                INTENT_PERCEPTUAL, MemorySegment.NULL));
        return result(rc, out, "vips_icc_transform");
    }

    MemorySegment copyMemory(MemorySegment in) throws IOException {
        return checked(call(() -> (MemorySegment) copyMemory.invokeExact(in)), "vips_image_copy_memory");
    }

    MemorySegment colourspace(Arena arena, MemorySegment in, int space) throws IOException {
        return imageOutInt(arena, colourspace, in, space, "vips_colourspace");
    }

    MemorySegment cast(Arena arena, MemorySegment in, int bandFormat) throws IOException {
        return imageOutInt(arena, cast, in, bandFormat, "vips_cast");
    }

    MemorySegment rot(Arena arena, MemorySegment in, int angle) throws IOException {
        return imageOutInt(arena, rot, in, angle, "vips_rot");
    }

    MemorySegment flip(Arena arena, MemorySegment in, int direction) throws IOException {
        return imageOutInt(arena, flip, in, direction, "vips_flip");
    }

    /** Lays the image over a uniform background (one value for every band) and drops its alpha. */
    MemorySegment flatten(Arena arena, MemorySegment in, double background, double maxAlpha) throws IOException {
        MemorySegment out = arena.allocate(ADDRESS);
        MemorySegment values = arena.allocateFrom(JAVA_DOUBLE, background);
        MemorySegment array = call(() -> (MemorySegment) arrayDoubleNew.invokeExact(values, 1));
        try {
            int rc = call(() -> (int) flatten.invokeExact(in, out, optBackground, array, optMaxAlpha, maxAlpha,
                    MemorySegment.NULL));
            return result(rc, out, "vips_flatten");
        } finally {
            call(() -> {
                areaUnref.invokeExact(array);
                return null;
            });
        }
    }

    /** Resamples with libvips' default Lanczos 3 kernel, each axis by its own factor (below 1 shrinks). */
    MemorySegment resize(Arena arena, MemorySegment in, double hscale, double vscale) throws IOException {
        MemorySegment out = arena.allocate(ADDRESS);
        int rc = call(() -> (int) resize.invokeExact(in, out, hscale, optVscale, vscale, MemorySegment.NULL));
        return result(rc, out, "vips_resize");
    }

    /** Writes a baseline JPEG with no metadata at all (EXIF, XMP, ICC and comments stripped). */
    void jpegsave(Arena arena, MemorySegment in, String filename, int quality) throws IOException {
        MemorySegment file = arena.allocateFrom(filename);
        int rc = call(() -> (int) jpegsave.invokeExact(in, file, optQ, quality, optStrip, 1, optOptimizeCoding, 1,
                optInterlace, 0, MemorySegment.NULL));
        if (rc != 0) {
            throw new IOException("vips_jpegsave: " + takeError());
        }
    }

    int width(MemorySegment image) {
        return intOf(width, image);
    }

    int height(MemorySegment image) {
        return intOf(height, image);
    }

    int bands(MemorySegment image) {
        return intOf(bands, image);
    }

    int format(MemorySegment image) {
        return intOf(format, image);
    }

    int interpretation(MemorySegment image) {
        return intOf(interpretation, image);
    }

    boolean hasAlpha(MemorySegment image) {
        return intOf(hasAlpha, image) != 0;
    }

    /** Drops one reference; null is ignored so that cleanup code can be unconditional. */
    void unref(MemorySegment image) {
        if (image != null && !image.equals(MemorySegment.NULL)) {
            call(() -> {
                unref.invokeExact(image);
                return null;
            });
        }
    }

    private MemorySegment imageOutInt(Arena arena, MethodHandle op, MemorySegment in, int value, String what)
            throws IOException {
        MemorySegment out = arena.allocate(ADDRESS);
        int rc = call(() -> (int) op.invokeExact(in, out, value, MemorySegment.NULL));
        return result(rc, out, what);
    }

    private MemorySegment result(int rc, MemorySegment out, String what) throws IOException {
        if (rc != 0) {
            throw new IOException(what + ": " + takeError());
        }
        return out.get(ADDRESS, 0);
    }

    private MemorySegment checked(MemorySegment image, String what) throws IOException {
        if (image.equals(MemorySegment.NULL)) {
            throw new IOException(what + ": " + takeError());
        }
        return image;
    }

    private int intOf(MethodHandle getter, MemorySegment image) {
        return call(() -> (int) getter.invokeExact(image));
    }

    /**
     * Reads and clears libvips' error buffer. Two calls failing at the same moment can still see each other's
     * text (libvips appends to one buffer for the process); the lock only keeps one reader from clearing
     * a message another is halfway through reading.
     */
    private String takeError() {
        synchronized (ERROR_LOCK) {
            return call(() -> {
                MemorySegment text = (MemorySegment) errorBuffer.invokeExact();
                String message = text.equals(MemorySegment.NULL) ? ""
                        : text.reinterpret(Long.MAX_VALUE).getString(0).strip();
                errorClear.invokeExact();
                return message.isEmpty() ? "libvips gave no reason" : message.replace('\n', ' ');
            });
        }
    }

    private interface NativeCall<T> {
        T run() throws Throwable;
    }

    private static <T> T call(NativeCall<T> call) {
        try {
            return call.run();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }
}
