package org.vitrine.media.purejava;

import org.vitrine.media.ImageEngine;
import org.vitrine.media.ImageFormat;
import org.vitrine.media.PixelLimit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * HeapBoundProbe renders the derivative ladder of one JPEG in a JVM of its own, so a test can give it a small
 * heap: {@code java -Xmx64m ... HeapBoundProbe stream|whole FILE OUTDIR [ROUNDS]}. Exits 0 when done, 3 on
 * OutOfMemoryError, and prints the wall time of each round (later rounds run in a warm JVM).
 */
public final class HeapBoundProbe {
    private HeapBoundProbe() {
    }

    public static void main(String[] args) throws Exception {
        boolean stream = args[0].equals("stream");
        JavaImageEngine engine = new JavaImageEngine(PixelLimit.DEFAULT_MAX_PIXELS, stream);
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        try {
            for (int round = 0; round < rounds; round++) {
                long started = System.nanoTime();
                List<ImageEngine.RenderedImage> out = engine.render(Path.of(args[1]), ImageFormat.JPEG, 1,
                        List.of(2048, 1024, 512, 256), Files.createDirectories(Path.of(args[2])));
                System.out.printf("rendered %d sizes in %d ms (round %d, heap max %d MB)%n", out.size(),
                        (System.nanoTime() - started) / 1_000_000, round, Runtime.getRuntime().maxMemory() >> 20);
            }
        } catch (OutOfMemoryError e) {
            System.out.println("OutOfMemoryError: " + e.getMessage());
            System.exit(3);
        }
    }
}
