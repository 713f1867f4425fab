import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import java.awt.image.BufferedImage;
import java.io.File;
import java.util.Random;

/**
 * A camera-like benchmark JPEG without ImageMagick: smooth gradients with Gaussian noise on top (so the encoder
 * and decoder see texture, not flat areas), quality 90.
 *   java bench/src/NoisyPhoto.java OUT.jpg WIDTH HEIGHT
 */
public class NoisyPhoto {
    public static void main(String[] args) throws Exception {
        int width = Integer.parseInt(args[1]);
        int height = Integer.parseInt(args[2]);
        var image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        var random = new Random(12);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int r = clamp(255 * x / width + random.nextGaussian() * 18);
                int g = clamp(255 * y / height + random.nextGaussian() * 18);
                int b = clamp(128 + 100 * Math.sin(x / 97.0 + y / 53.0) + random.nextGaussian() * 18);
                image.setRGB(x, y, r << 16 | g << 8 | b);
            }
        }
        var writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        var param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(0.9f);
        try (var out = ImageIO.createImageOutputStream(new File(args[0]))) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, null), param);
        }
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, v));
    }
}
