package org.vitrine.testing;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Random;

/**
 * GeneratedPhotos writes JPEGs for tests that need many distinct photos or one very large one, without
 * shipping them: each seed gives different content, hence a different photo to Vitrine.
 */
public final class GeneratedPhotos {
    private GeneratedPhotos() {
    }

    /** A colourful JPEG of random blocks; the seed makes it unique. */
    public static Path jpeg(Path file, int width, int height, long seed) {
        var random = new Random(seed);
        var image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        var g = image.createGraphics();
        for (int i = 0; i < 200; i++) {
            g.setColor(new Color(random.nextInt(0xFFFFFF)));
            g.fillRect(random.nextInt(width), random.nextInt(height), 1 + random.nextInt(width / 3),
                    1 + random.nextInt(height / 3));
        }
        g.dispose();
        return write(image, file);
    }

    /** A large flat grey JPEG: tiny on disk, but tens of megapixels to decode. */
    public static Path largeGrey(Path file, int width, int height) {
        var image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        var g = image.createGraphics();
        g.setColor(Color.GRAY);
        g.fillRect(0, 0, width, height);
        g.dispose();
        return write(image, file);
    }

    private static Path write(BufferedImage image, Path file) {
        try {
            if (!ImageIO.write(image, "jpg", file.toFile())) {
                throw new IllegalStateException("no JPEG writer");
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
