package org.vitrine.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * SmallDisk is a real, tiny file system (tmpfs of a few MB) mounted for a test, so that "disk full" is the
 * operating system's own answer. Mounting needs root: by hand a non-root run skips with a message; in CI (which
 * runs as root) failing to mount is a failure.
 */
public final class SmallDisk implements AutoCloseable {
    private final Path path;

    private SmallDisk(Path path) {
        this.path = path;
    }

    public static SmallDisk mount(Path path, int megabytes) throws IOException, InterruptedException {
        Files.createDirectories(path);
        boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
        String failure = run("mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m", "tmpfs", path.toString());
        if (failure != null) {
            if (ci) {
                throw new IllegalStateException("CI must be able to mount a small tmpfs (runs as root): " + failure);
            }
            assumeTrue(false, "cannot mount a small tmpfs (needs root): skipping the full-disk test: " + failure);
        }
        return new SmallDisk(path);
    }

    public Path path() {
        return path;
    }

    /** Writes a file that leaves about {@code leaveBytes} free on this disk. */
    public Path fillLeaving(long leaveBytes) throws IOException {
        Path filler = path.resolve("filler");
        long size = Files.getFileStore(path).getUsableSpace() - leaveBytes;
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(filler)) {
            for (long left = size; left > 0; left -= block.length) {
                out.write(block, 0, (int) Math.min(block.length, left));
            }
        }
        return filler;
    }

    public long usableBytes() throws IOException {
        return Files.getFileStore(path).getUsableSpace();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        String failure = run("umount", "-l", path.toString());
        if (failure != null) {
            throw new IOException("could not unmount " + path + ": " + failure);
        }
    }

    /** Runs a command; null when it succeeded, else what it said. */
    private static String run(String... command) throws IOException, InterruptedException {
        try {
            var process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return "timed out";
            }
            return process.exitValue() == 0 ? null : output.strip() + " (exit " + process.exitValue() + ")";
        } catch (IOException e) {
            return e.getMessage();
        }
    }
}
