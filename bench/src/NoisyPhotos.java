import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.stream.FileImageOutputStream;
import java.awt.image.BufferedImage;
import java.io.File;
import java.util.Random;

/**
 * NoisyPhotos writes COUNT JPEGs of WIDTH×HEIGHT into DIR: smooth colour gradients under Gaussian noise, so their
 * sizes and derivatives compress like a camera's rather than like flat colour (quality 90).
 *   Usage: java bench/src/NoisyPhotos.java DIR COUNT [WIDTH HEIGHT]
 */
public class NoisyPhotos {
    public static void main(String[] args) throws Exception {
        File dir = new File(args[0]);
        int count = Integer.parseInt(args[1]);
        int width = args.length > 2 ? Integer.parseInt(args[2]) : 2400;
        int height = args.length > 3 ? Integer.parseInt(args[3]) : 1600;
        dir.mkdirs();
        for (int i = 1; i <= count; i++) {
            Random random = new Random(i);
            BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int r = clamp(255 * x / width + random.nextGaussian() * 12);
                    int g = clamp(255 * y / height + random.nextGaussian() * 12);
                    int b = clamp(128 + 100 * Math.sin((x + y + 40.0 * i) / 90.0) + random.nextGaussian() * 12);
                    image.setRGB(x, y, (r << 16) | (g << 8) | b);
                }
            }
            var writer = ImageIO.getImageWritersByFormatName("jpeg").next();
            var params = writer.getDefaultWriteParam();
            params.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            params.setCompressionQuality(0.9f);
            try (var out = new FileImageOutputStream(new File(dir, "photo-" + i + ".jpg"))) {
                writer.setOutput(out);
                writer.write(null, new IIOImage(image, null, null), params);
            }
            writer.dispose();
        }
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, v));
    }
}
