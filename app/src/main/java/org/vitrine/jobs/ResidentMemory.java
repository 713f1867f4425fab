package org.vitrine.jobs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * ResidentMemory reads how much memory this process holds in RAM (VmRSS in /proc/self/status): the Java heap
 * alone does not show what native decoders keep after a job, nor a heap that grew and never shrank.
 */
public final class ResidentMemory {
    private static final Path STATUS = Path.of("/proc/self/status");

    private ResidentMemory() {
    }

    /** This process's resident set size in bytes; empty where /proc is missing (outside Linux). */
    public static OptionalLong currentBytes() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmRSS:")) { // a /proc field name, not a message
                    String kb = line.substring("VmRSS:".length()).replace("kB", "").strip();
                    return OptionalLong.of(Long.parseLong(kb) * 1024);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or a /proc we cannot read: no check, rather than a wrong one
        }
        return OptionalLong.empty();
    }
}
