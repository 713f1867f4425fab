import org.vitrine.media.ImageEngines;
import org.vitrine.media.ImageFormat;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * ZonePlateBench shows aliasing: a 2048 px zone plate (concentric rings whose frequency rises to the Nyquist
 * limit at the edges) is reduced to 256 px by each engine and by point sampling (ImageIO source subsampling,
 * what a naive fast path does). A correct reduction turns the fine outer rings into flat grey; aliasing turns
 * them into false rings. Reported: the standard deviation of the outer region (0 = flat grey), and the images.
 *
 *   java -cp 'app/target/vitrine.jar:app/target/lib/*' bench/src/ZonePlateBench.java OUTPUT_DIR
 */
public class ZonePlateBench {
    public static void main(String[] args) throws Exception {
        Path out = Files.createDirectories(Path.of(args[0]));
        int size = 2048;
        BufferedImage plate = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double dx = x - size / 2.0;
                double dy = y - size / 2.0;
                int v = (int) Math.round(127.5 + 127.5 * Math.cos(Math.PI * (dx * dx + dy * dy) / size));
                plate.setRGB(x, y, v << 16 | v << 8 | v);
            }
        }
        Path source = out.resolve("zone-plate-2048.png");
        ImageIO.write(plate, "png", source.toFile());

        var reader = ImageIO.getImageReadersByFormatName("png").next();
        try (var in = ImageIO.createImageInputStream(source.toFile())) {
            reader.setInput(in);
            ImageReadParam param = reader.getDefaultReadParam();
            param.setSourceSubsampling(8, 8, 0, 0);
            BufferedImage sampled = reader.read(0, param);
            ImageIO.write(sampled, "png", out.resolve("zone-plate-256-point-sampled.png").toFile());
            System.out.printf("point sampling (ImageIO subsampling)\t%.1f%n", outerStdDev(sampled));
        }
        for (String name : List.of("java", "vips")) {
            var engine = ImageEngines.choose(name);
            Path dir = Files.createDirectories(out.resolve(name));
            var rendered = engine.render(source, ImageFormat.PNG, 1, List.of(256), dir).getFirst();
            Path target = out.resolve("zone-plate-256-" + name + ".jpg");
            Files.move(rendered.file(), target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            System.out.printf("Vitrine %s engine\t%.1f%n", name, outerStdDev(ImageIO.read(target.toFile())));
        }
    }

    /** Standard deviation of grey levels outside 80% of the radius, where the source rings are finest. */
    static double outerStdDev(BufferedImage image) {
        double c = image.getWidth() / 2.0;
        double sum = 0;
        double sumSq = 0;
        long n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                double r = Math.hypot(x - c, y - c) / c;
                if (r > 0.8 && r < 1.0) {
                    int v = image.getRGB(x, y) & 0xFF;
                    sum += v;
                    sumSq += (double) v * v;
                    n++;
                }
            }
        }
        double mean = sum / n;
        return Math.sqrt(Math.max(0, sumSq / n - mean * mean));
    }
}
