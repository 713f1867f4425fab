package org.vitrine.cli;

import org.vitrine.config.Config;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

/** StorageVerifyRun runs {@code vitrine storage verify} in the test's JVM with a given configuration. */
public final class StorageVerifyRun {
    private StorageVerifyRun() {
    }

    public record Result(int exitCode, String output) {
    }

    public static Result run(Config config, String... args) {
        var command = new StorageCommand.Verify();
        command.config = () -> config;
        command.interactive = () -> false;
        var output = new StringWriter();
        var writer = new PrintWriter(output, true);
        int exit = new CommandLine(command).setOut(writer).setErr(writer).execute(args);
        return new Result(exit, output.toString());
    }
}
