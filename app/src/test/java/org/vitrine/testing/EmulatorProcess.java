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
 * EmulatorProcess is a service the tests talk to (s3proxy, Azurite, nginx) running as a separate process on a free loopback
 * port, its output in a log file. Where one cannot start, a run by hand skips the tests that need it with a
 * message; in CI (CI=true) that is a failure. A test can {@link #stop()} it to take the cloud down and
 * {@link #restart()} it on the same port with the same data to bring the cloud back.
 */
final class EmulatorProcess implements AutoCloseable {
    private final String name;
    private final List<String> command;
    private Process process;
    final int port;
    final Path log;

    private EmulatorProcess(String name, List<String> command, Process process, int port, Path log) {
        this.name = name;
        this.command = List.copyOf(command);
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
            process = launch(command, ProcessBuilder.Redirect.to(log.toFile()));
        } catch (IOException e) {
            unavailable(name + " could not be started (" + e.getMessage() + ")");
            return null;
        }
        var emulator = new EmulatorProcess(name, command, process, port, log);
        try {
            emulator.awaitListening();
        } catch (RuntimeException | AssertionError e) {
            emulator.close();
            unavailable(e.getMessage());
        }
        return emulator;
    }

    /** Stops the emulator and waits until nothing listens on its port any more: the cloud is down. */
    void stop() {
        close();
        Eventually.until(name + " no longer listening on 127.0.0.1:" + port, () -> !accepts(port), log);
    }

    /**
     * Starts the same command again (same port, same data folder), its output appended to the same log, and waits
     * until it listens: the cloud is back with everything it held.
     */
    void restart() {
        if (process.isAlive()) {
            throw new IllegalStateException(name + " is still running; stop it first");
        }
        try {
            process = launch(command, ProcessBuilder.Redirect.appendTo(log.toFile()));
        } catch (IOException e) {
            throw new IllegalStateException(name + " could not be restarted: " + e.getMessage(), e);
        }
        awaitListening();
    }

    boolean running() {
        return process.isAlive();
    }

    private static Process launch(List<String> command, ProcessBuilder.Redirect output) throws IOException {
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output).start();
    }

    private void awaitListening() {
        Process current = process;
        Eventually.until(name + " listening on 127.0.0.1:" + port, () -> {
            if (!current.isAlive()) {
                throw new IllegalStateException(name + " exited with status " + current.exitValue()
                        + "; see " + log);
            }
            return accepts(port);
        }, log);
    }

    /** Skips the calling test, or in CI fails it. */
    static void unavailable(String why) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException("The storage emulator is required in CI: " + why);
        }
        assumeTrue(false, "Storage emulator unavailable, skipping: " + why);
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
