package org.vitrine.media.vips;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitrine.media.ImageEngine;
import org.vitrine.media.ImageFormat;
import org.vitrine.testing.GeneratedPhotos;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * VipsConcurrencyTest renders good and damaged files on several threads at once: libvips keeps one error buffer
 * for the whole process, and each failure must still carry its own file's reason. Files are generated, so the
 * test needs no shared photos.
 */
class VipsConcurrencyTest {
    private static final int THREADS = 4;
    private static final int DAMAGED_PER_KIND = 40;
    private static final int GOOD = 10;
    private static final List<Integer> LADDER = List.of(512, 256);

    private static VipsImageEngine engine;

    @TempDir
    Path tmp;

    @BeforeAll
    static void loadLibvips() {
        Optional<VipsImageEngine> loaded = VipsImageEngine.load();
        if (loaded.isEmpty() && "true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException("libvips cannot be loaded: " + VipsImageEngine.unavailableReason());
        }
        assumeTrue(loaded.isPresent(), "libvips cannot be loaded; skipping the libvips concurrency test");
        engine = loaded.get();
    }

    @Test
    void each_failure_on_parallel_threads_carries_its_own_files_reason_and_libvips_holds_nothing_afterwards()
            throws Exception {
        List<Path> files = new ArrayList<>();
        List<Path> damaged = new ArrayList<>();
        Random random = new Random(42);
        for (int i = 0; i < DAMAGED_PER_KIND; i++) {
            // Not an image at all: libvips names the file in its reason.
            byte[] noise = new byte[4096];
            random.nextBytes(noise);
            damaged.add(Files.write(tmp.resolve("noise-" + i + ".jpg"), noise));
            // A JPEG start followed by noise: libjpeg refuses it with a reason that names no file.
            byte[] jpeg = new byte[3000];
            random.nextBytes(jpeg);
            System.arraycopy(new byte[]{(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xDB}, 0, jpeg, 0, 4);
            damaged.add(Files.write(tmp.resolve("jpeg-noise-" + i + ".jpg"), jpeg));
            // A PNG whose pixel data is garbage: libvips renders it grey, with warnings.
            if (i < GOOD) {
                files.add(Files.write(tmp.resolve("warns-" + i + ".png"), brokenPng(random)));
            }
        }
        files.addAll(damaged);
        for (int i = 0; i < GOOD; i++) {
            files.add(GeneratedPhotos.jpeg(tmp.resolve("good-" + i + ".jpg"), 1200, 800, i));
        }
        java.util.Collections.shuffle(files, random);
        long warningsBefore = engine.warnings();

        Map<Path, String> reasons = new ConcurrentHashMap<>();
        Map<Path, Integer> rendered = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            // Rounds of one file per thread, released together: failures overlap as they would under load.
            for (int round = 0; round < files.size(); round += THREADS) {
                List<Path> batch = files.subList(round, Math.min(files.size(), round + THREADS));
                CyclicBarrier start = new CyclicBarrier(batch.size());
                List<Future<?>> done = new ArrayList<>();
                for (Path file : batch) {
                    done.add(pool.submit(() -> {
                        start.await(1, TimeUnit.MINUTES);
                        Path out = tmp.resolve("out-" + file.getFileName());
                        ImageFormat format = file.toString().endsWith(".png") ? ImageFormat.PNG : ImageFormat.JPEG;
                        try {
                            rendered.put(file, engine.render(file, format, 1, LADDER, out).size());
                        } catch (Exception e) {
                            reasons.put(file, String.valueOf(e.getMessage()));
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            }
        } finally {
            pool.shutdown();
        }

        List<String> wrong = new ArrayList<>();
        for (Path file : damaged) {
            String reason = reasons.get(file);
            String own = file.getFileName().toString();
            boolean namesAnother = files.stream().map(f -> f.getFileName().toString())
                    .anyMatch(other -> !other.equals(own) && reason != null && reason.contains(other + "\""));
            boolean missing = reason == null || reason.contains("gave no reason");
            boolean notOwn = reason != null && (own.startsWith("noise-")
                    ? !reason.contains(own + "\" is not a known file format") : !reason.contains("VipsJpeg"));
            if (missing || namesAnother || notOwn) {
                wrong.add(own + " -> " + reason);
            }
        }
        System.out.println("libvips concurrency: " + wrong.size() + " of " + damaged.size()
                + " failures with a wrong or missing reason");
        assertThat(wrong).as("failures whose reason is not their own").isEmpty();
        assertThat(rendered.keySet()).as("files rendered")
                .allMatch(f -> !damaged.contains(f)).hasSize(files.size() - damaged.size());
        assertThat(engine.warnings()).as("libvips warnings reach the log, not stderr").isGreaterThan(warningsBefore);
        assertThat(engine.tracked()).as("libvips memory, open files and allocations after every render")
                .isEqualTo(new Vips.Tracked(0, 0, 0));
    }

    /** A 64x64 PNG with a valid header and an IDAT chunk of random bytes (CRC right, deflate stream wrong). */
    private static byte[] brokenPng(Random random) {
        byte[] idat = new byte[2000];
        random.nextBytes(idat);
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(64).putInt(64).put((byte) 8).put((byte) 2)
                .put((byte) 0).put((byte) 0).put((byte) 0);
        ByteBuffer png = ByteBuffer.allocate(8 + 25 + 12 + idat.length + 12);
        png.put(new byte[]{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        chunk(png, "IHDR", ihdr.array());
        chunk(png, "IDAT", idat);
        chunk(png, "IEND", new byte[0]);
        return png.array();
    }

    private static void chunk(ByteBuffer png, String type, byte[] data) {
        png.putInt(data.length);
        byte[] typeBytes = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        png.put(typeBytes).put(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        png.putInt((int) crc.getValue());
    }
}
