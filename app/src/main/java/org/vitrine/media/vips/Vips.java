package org.vitrine.media.vips;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Vips is a direct binding of the few libvips 8.14 functions Vitrine needs, through the Foreign Function & Memory
 * API. Each method returns a new {@code VipsImage*} the caller must {@link #unref}; a failing call throws with
 * libvips' own message. Option lists are C varargs, so every distinct list of options has its own downcall handle.
 * <p>
 * libvips keeps one error buffer for the whole process, so a reason read while other threads call libvips may be
 * theirs, or gone. Work runs {@link #shared} (any number at once, reasons unreliable) and, when it fails, again
 * {@link #alone} (nothing else in libvips, so the buffer holds only this work's reason).
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

    private static final Logger LOG = LoggerFactory.getLogger(Vips.class);
    /** GLib log levels routed to our log: critical, warning, message and info (debug is never printed anyway). */
    private static final int G_LOG_LEVELS = (1 << 3) | (1 << 4) | (1 << 5) | (1 << 6);
    private static final long WARNING_SUMMARY_NANOS = 60_000_000_000L;

    /** Shared for work whose failure reason is not needed yet, exclusive for work whose reason must be its own. */
    private final ReentrantReadWriteLock errorBuffer = new ReentrantReadWriteLock();
    private final AtomicLong warnings = new AtomicLong();
    private final AtomicLong warningsSinceSummary = new AtomicLong();
    private volatile long lastSummary = System.nanoTime();

    private final Arena names = Arena.global();
    private final MethodHandle errorText;
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
    private final MethodHandle trackedMem;
    private final MethodHandle trackedFiles;
    private final MethodHandle trackedAllocs;
    private final MethodHandle concurrencySet;

    private Vips(SymbolLookup lib) throws Throwable {
        var intOf = FunctionDescriptor.of(JAVA_INT, ADDRESS);
        // (in, &out, int, NULL): colourspace, cast, rot, flip
        var imageOutInt = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS);
        errorText = handle(lib, "vips_error_buffer", FunctionDescriptor.of(ADDRESS));
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
        trackedMem = handle(lib, "vips_tracked_get_mem", FunctionDescriptor.of(JAVA_LONG));
        trackedFiles = handle(lib, "vips_tracked_get_files", FunctionDescriptor.of(JAVA_INT));
        trackedAllocs = handle(lib, "vips_tracked_get_allocs", FunctionDescriptor.of(JAVA_INT));

        var init = handle(lib, "vips_init", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        if ((int) init.invokeExact(name("vitrine")) != 0) {
            throw new IOException("vips_init failed: " + takeError());
        }
        concurrencySet = handle(lib, "vips_concurrency_set", FunctionDescriptor.ofVoid(JAVA_INT));
        routeWarningsToTheLog(lib);
        // The operation cache keeps decoded images alive between photos: about twice the peak memory, no gain.
        handle(lib, "vips_cache_set_max", FunctionDescriptor.ofVoid(JAVA_INT)).invokeExact(0);
        // Loaders libvips marks untrusted (ImageMagick, JPEG-XL, ...) never see uploaded files.
        handle(lib, "vips_block_untrusted_set", FunctionDescriptor.ofVoid(JAVA_INT)).invokeExact(1);
    }

    /**
     * libvips reports damaged input through GLib warnings, which GLib prints to stderr; here they go to our log
     * instead: each at DEBUG, and at most once a minute a count at INFO.
     */
    private void routeWarningsToTheLog(SymbolLookup lib) throws Throwable {
        MethodHandle target = MethodHandles.lookup().bind(this, "onLog",
                MethodType.methodType(void.class, MemorySegment.class, int.class, MemorySegment.class,
                        MemorySegment.class));
        MemorySegment callback = Linker.nativeLinker().upcallStub(target,
                FunctionDescriptor.ofVoid(ADDRESS, JAVA_INT, ADDRESS, ADDRESS), Arena.global());
        var setHandler = handle(lib, "g_log_set_handler",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS));
        int id = (int) setHandler.invokeExact(name("VIPS"), G_LOG_LEVELS, callback, MemorySegment.NULL);
        if (id == 0) {
            LOG.info("media: libvips warnings could not be routed to the log; they go to stderr");
        }
    }

    /** The GLib log handler (called on any thread, libvips' own included): must never throw into C. */
    private void onLog(MemorySegment domain, int level, MemorySegment message, MemorySegment userData) {
        try {
            String text = message.equals(MemorySegment.NULL) ? "" : message.reinterpret(Long.MAX_VALUE).getString(0);
            boolean first = warnings.incrementAndGet() == 1;
            long count = warningsSinceSummary.incrementAndGet();
            LOG.debug("libvips: {}", text.strip());
            long now = System.nanoTime();
            if (first || now - lastSummary > WARNING_SUMMARY_NANOS) {
                lastSummary = now;
                warningsSinceSummary.set(0);
                LOG.info("media: libvips gave {} warning(s) since the last summary (most are harmless, e.g. an "
                        + "ignored colour profile), the latest: {} (each is logged at DEBUG by {})", count,
                        text.strip(), Vips.class.getName());
            }
        } catch (Throwable ignored) {
            // Logging must not take the worker down; the count is all that is lost.
        }
    }

    /** How many warnings libvips has reported since it was loaded. */
    long warnings() {
        return warnings.get();
    }

    /**
     * How many threads libvips uses for one image. Process-wide: the last engine loaded decides. Several jobs
     * in parallel each use this many, so on a small machine one per job keeps memory and CPU within the plan.
     */
    void concurrency(int threads) {
        call(() -> {
            concurrencySet.invokeExact(threads);
            return null;
        });
    }

    /** Work on libvips that may fail; the reason it fails with may be another thread's. */
    interface Work<T> {
        T run() throws IOException;
    }

    /** Runs work alongside other shared work. */
    <T> T shared(Work<T> work) throws IOException {
        return locked(errorBuffer.readLock(), work);
    }

    /** Runs work with nothing else in libvips, on a clean error buffer: the reason it fails with is its own. */
    <T> T alone(Work<T> work) throws IOException {
        return locked(errorBuffer.writeLock(), () -> {
            takeError();
            return work.run();
        });
    }

    private static <T> T locked(Lock lock, Work<T> work) throws IOException {
        lock.lock();
        try {
            return work.run();
        } finally {
            lock.unlock();
        }
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
            throw new VipsException("vips_jpegsave: " + takeError());
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

    /** What libvips holds right now: pixel memory it allocated, files it has open, and live allocations. */
    record Tracked(long memoryBytes, int openFiles, int allocations) {
    }

    Tracked tracked() {
        return call(() -> new Tracked((long) trackedMem.invokeExact(), (int) trackedFiles.invokeExact(),
                (int) trackedAllocs.invokeExact()));
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
            throw new VipsException(what + ": " + takeError());
        }
        return out.get(ADDRESS, 0);
    }

    private MemorySegment checked(MemorySegment image, String what) throws IOException {
        if (image.equals(MemorySegment.NULL)) {
            throw new VipsException(what + ": " + takeError());
        }
        return image;
    }

    private int intOf(MethodHandle getter, MemorySegment image) {
        return call(() -> (int) getter.invokeExact(image));
    }

    /**
     * Reads and clears libvips' error buffer. The text is this thread's own only inside {@link #alone}; in
     * {@link #shared} work it may hold other threads' reasons or have been cleared by them.
     */
    private String takeError() {
        return call(() -> {
            MemorySegment text = (MemorySegment) errorText.invokeExact();
            String message = text.equals(MemorySegment.NULL) ? ""
                    : text.reinterpret(Long.MAX_VALUE).getString(0).strip();
            errorClear.invokeExact();
            return message.isEmpty() ? "libvips could not read it and gave no reason" : message.replace('\n', ' ');
        });
    }

    /** VipsException is a libvips call that failed, with the text libvips' error buffer held at that moment. */
    static final class VipsException extends IOException {
        VipsException(String message) {
            super(message);
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
