package org.vitrine.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Azurite is the Azure Blob emulator (npm azurite, installed by Maven into src/test/emulators) started with Node
 * as a separate process, telemetry off. It serves the well-known development storage account.
 */
public final class Azurite implements AutoCloseable {
    /** The development storage account and its key, published by Microsoft for every emulator: not a secret. */
    public static final String ACCOUNT = "devstoreaccount1";
    public static final String KEY =
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private final EmulatorProcess process;

    private Azurite(EmulatorProcess process) {
        this.process = process;
    }

    /** Starts Azurite's blob service with its data under {@code dir}; skips (or in CI fails) when it cannot run. */
    public static Azurite start(Path dir) {
        Path script = Path.of("src/test/emulators/node_modules/azurite/dist/src/blob/main.js").toAbsolutePath();
        if (!Files.isRegularFile(script)) {
            EmulatorProcess.unavailable("no " + script + " (Maven runs npm ci in src/test/emulators)");
        }
        String node = Files.isExecutable(Path.of("/usr/bin/node")) ? "/usr/bin/node" : "node";
        try {
            Path data = Files.createDirectories(dir.resolve("azurite-data"));
            int port = EmulatorProcess.freePort();
            return new Azurite(EmulatorProcess.start("Azurite", List.of(node, script.toString(),
                    "--location", data.toString(), "--blobHost", "127.0.0.1", "--blobPort", String.valueOf(port),
                    "--skipApiVersionCheck", "--loose", "--disableTelemetry", "--silent"), port,
                    dir.resolve("azurite.log")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The account's blob endpoint, as a client is given it. */
    public URI accountUrl() {
        return URI.create("http://127.0.0.1:" + process.port + "/" + ACCOUNT);
    }

    public Path log() {
        return process.log;
    }

    /** Takes the emulator down (the process ends; its data stays on disk) until {@link #restart()}. */
    public void stop() {
        process.stop();
    }

    /** Brings the emulator back on the same port with the data it held when stopped. */
    public void restart() {
        process.restart();
    }

    @Override
    public void close() {
        process.close();
    }
}
