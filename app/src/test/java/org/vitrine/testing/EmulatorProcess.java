package org.vitrine.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * EmulatorProcess is a service the tests talk to (s3proxy, Azurite, nginx) running as a separate process on a
 * free loopback port, its output in a log file. Where one cannot start, a run by hand skips the tests that need it with a
 * message; in CI (CI=true) that is a failure.
 */
final class EmulatorProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    final int port;
    final Path log;

    private EmulatorProcess(String name, Process process, int port, Path log) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** A loopback port nobody listens on right now. */
    static int freePort() throws IOException {
        try (var socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Starts the command and waits until the port accepts connections. */
    static EmulatorProcess start(String name, List<String> command, int port, Path log) {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            unavailable(name + " could not be started (" + e.getMessage() + ")");
            return null;
        }
        var emulator = new EmulatorProcess(name, process, port, log);
        try {
            Eventually.until(name + " listening on 127.0.0.1:" + port, () -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException(name + " exited with status " + process.exitValue()
                            + "; see " + log);
                }
                return accepts(port);
            }, log);
        } catch (RuntimeException | AssertionError e) {
            emulator.close();
            unavailable(e.getMessage());
        }
        return emulator;
    }

    /** Skips the calling test, or in CI fails it. */
    static void unavailable(String why) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException("Every test service (storage emulators, nginx) is required in CI: " + why);
        }
        assumeTrue(false, "Test service unavailable, skipping: " + why);
    }

    private static boolean accepts(int port) {
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        // Azurite runs under a shell-less node, s3proxy under java: no children, but stop any it made.
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return name + " on port " + port;
    }
}
