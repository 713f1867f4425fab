import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * PlacesMemoryBench starts the web process (no worker) on a fresh SQLite database with VITRINE_PLACE_NAMES on or
 * off and prints the start time, the heap in use after a full GC, the RSS and its peak, and the main thread's CPU
 * time; then starts it again on the same data (the places are loaded only once). Run by bench/places-memory.sh.
 */
public class PlacesMemoryBench {
    public static void main(String[] args) throws Exception {
        Path data = Files.createTempDirectory("vitrine-places-bench");
        var config = org.vitrine.config.Config.fromEnvironment(Map.of("VITRINE_DATA_DIR", data.toString(),
                "VITRINE_PORT", "0", "VITRINE_BIND", "127.0.0.1", "VITRINE_WORKERS", "none",
                "VITRINE_PLACE_NAMES", args[0]));
        long start = System.nanoTime();
        var app = org.vitrine.App.start(config);
        long startMs = (System.nanoTime() - start) / 1_000_000;
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        var status = Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("VmRSS") || l.startsWith("VmHWM")).map(l -> l.replaceAll("\\s+", " "))
                .toList();
        System.out.printf("places=%s first start %d ms (main thread CPU %d ms), heap used after GC %d MiB of %d,"
                        + " %s%n", args[0], startMs,
                ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() / 1_000_000,
                heap.getUsed() >> 20, heap.getMax() >> 20, status);
        app.close();
        start = System.nanoTime();
        org.vitrine.App.start(config).close();
        System.out.printf("places=%s second start %d ms%n", args[0], (System.nanoTime() - start) / 1_000_000);
        System.exit(0);
    }
}
