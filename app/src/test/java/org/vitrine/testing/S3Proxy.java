package org.vitrine.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * S3Proxy is the S3 emulator (s3proxy, a real S3 API server on a file system, which checks signatures) started
 * as a separate process from the jar Maven copies into target/emulators.
 */
public final class S3Proxy implements AutoCloseable {
    public static final String IDENTITY = "vitrine-test";
    public static final String CREDENTIAL = "vitrine-test-credential";
    public static final String REGION = "us-east-1";

    private final EmulatorProcess process;

    private S3Proxy(EmulatorProcess process) {
        this.process = process;
    }

    /** Starts s3proxy with its data under {@code dir}; skips (or in CI fails) when it cannot run. */
    public static S3Proxy start(Path dir) {
        return start(dir, IDENTITY, CREDENTIAL);
    }

    /** Starts s3proxy accepting only the given access key and secret (the leak tests use distinctive ones). */
    public static S3Proxy start(Path dir, String identity, String credential) {
        Path jar = Path.of("target/emulators/s3proxy.jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            EmulatorProcess.unavailable("no " + jar + " (Maven copies it in process-test-resources)");
        }
        try {
            Path data = Files.createDirectories(dir.resolve("s3-data"));
            int port = EmulatorProcess.freePort();
            Path properties = dir.resolve("s3proxy.properties");
            Files.writeString(properties, String.join("\n",
                    "s3proxy.endpoint=http://127.0.0.1:" + port,
                    "s3proxy.authorization=aws-v2-or-v4",
                    "s3proxy.identity=" + identity,
                    "s3proxy.credential=" + credential,
                    "jclouds.provider=filesystem-nio2",
                    "jclouds.filesystem.basedir=" + data,
                    "jclouds.identity=" + IDENTITY,
                    "jclouds.credential=" + CREDENTIAL,
                    ""));
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            return new S3Proxy(EmulatorProcess.start("s3proxy", List.of(java, "-Xmx256m", "-jar", jar.toString(),
                    "--properties", properties.toString()), port, dir.resolve("s3proxy.log")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + process.port);
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
