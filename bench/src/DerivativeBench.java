import org.vitrine.media.ImageEngine;
import org.vitrine.media.ImageEngines;
import org.vitrine.media.ImageFormat;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * DerivativeBench times Vitrine's real derivative ladder (2048/1280/640/320) with one image engine in a warm JVM.
 * Run by bench/derivatives.sh, one JVM per engine so that peak RSS belongs to that engine alone.
 *
 *   java -cp 'app/target/vitrine.jar:app/target/lib/*' bench/src/DerivativeBench.java ENGINE RUNS PHOTO...
 *
 * Prints one tab-separated line per photo: engine, photo, median wall seconds, median CPU seconds; then the
 * process's peak RSS (VmHWM) and peak heap use in MiB.
 */
public class DerivativeBench {
    static final List<Integer> LADDER = List.of(2048, 1280, 640, 320);

    public static void main(String[] args) throws Exception {
        ImageEngine engine = ImageEngines.choose(args[0]);
        int runs = Integer.parseInt(args[1]);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Path out = Files.createTempDirectory("bench-out");
        for (String photo : Arrays.copyOfRange(args, 2, args.length)) {
            Path file = Path.of(photo);
            for (int i = 0; i < 2; i++) {
                render(engine, file, out); // warm-up: JIT, decoder tables, file cache
            }
            double[] wall = new double[runs];
            double[] cpu = new double[runs];
            for (int i = 0; i < runs; i++) {
                long cpu0 = os.getProcessCpuTime();
                long t0 = System.nanoTime();
                render(engine, file, out);
                wall[i] = (System.nanoTime() - t0) / 1e9;
                cpu[i] = (os.getProcessCpuTime() - cpu0) / 1e9;
            }
            System.out.printf("%s\t%s\t%.3f\t%.3f%n", engine.name(), file.getFileName(), median(wall), median(cpu));
        }
        long peakHeap = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peakHeap += pool.getPeakUsage().getUsed();
            }
        }
        System.out.printf("%s\tpeak\t%d\t%d%n", engine.name(), peakRssKib() / 1024, peakHeap / (1024 * 1024));
    }

    static void render(ImageEngine engine, Path file, Path out) throws Exception {
        for (var image : engine.render(file, ImageFormat.JPEG, 1, LADDER, out)) {
            Files.delete(image.file());
        }
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    static long peakRssKib() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
