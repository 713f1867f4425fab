package org.vitrine.config;

import java.lang.management.ManagementFactory;

/**
 * MachineMemory derives the default memory plan from the memory this process may use: the container's limit
 * when there is one (the JVM reads cgroup v1 and v2 limits), else the machine's RAM. On a 512 MiB server the web
 * process gets a 64 MiB heap (./vitrine asks {@link WebJvmOptions}), the image worker a 64 MiB heap, and image work a budget of
 * 40% of the whole for the decoders' native memory; page cache and the JVMs' own overhead take the rest.
 */
final class MachineMemory {
    private MachineMemory() {
    }

    static long totalMb() {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return os.getTotalMemorySize() / (1024 * 1024);
    }

    /** The web process's Java heap: an eighth of the memory, 64 to 256 MiB (it streams, never decodes). */
    static int defaultWebHeapMb() {
        return (int) Math.clamp(totalMb() / 8, 64, 256);
    }

    /**
     * The web process's JVM options: its heap, and the serial collector, which suits the one or two cores of a
     * small server and keeps the JVM's own memory small.
     */
    static String webJvmOptions() {
        return "-XX:+UseSerialGC -Xmx" + defaultWebHeapMb() + "m";
    }

    /** The worker's Java heap: an eighth of the memory, 64 to 512 MiB (libvips works outside the heap). */
    static int defaultWorkerHeapMb() {
        return (int) Math.clamp(totalMb() / 8, 64, 512);
    }

    /** What the jobs running at once may use together, by their estimates: 40% of the memory, at least 64 MiB. */
    static int defaultWorkerBudgetMb() {
        return (int) Math.max(64, totalMb() * 2 / 5);
    }
}
