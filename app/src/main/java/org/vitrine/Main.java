package org.vitrine;

import org.vitrine.cli.ImportCommand;
import org.vitrine.cli.JobsCommand;
import org.vitrine.cli.ServeCommand;
import org.vitrine.cli.StorageCommand;
import org.vitrine.cli.UserCommand;
import org.vitrine.cli.WorkerCommand;
import org.vitrine.config.ConfigException;
import org.vitrine.config.Settings;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Main is the {@code vitrine} command line: serve the site, import folders, manage users, inspect jobs. */
// INHERIT gives every subcommand --help too
@Command(name = "vitrine", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT,
        version = "Vitrine 0.1",
        description = "A self-hosted photo-sharing site. Settings come from VITRINE_* environment variables, "
                + "listed below.",
        subcommands = {ServeCommand.class, WorkerCommand.class, ImportCommand.class, UserCommand.class,
                JobsCommand.class, StorageCommand.class})
public final class Main {

    public static void main(String[] args) {
        int exit = commandLine().execute(args);
        // serve and worker return from a shutdown hook, where System.exit would block for ever
        boolean longRunning = args.length > 0 && ("serve".equals(args[0]) || "worker".equals(args[0]));
        if (exit != 0 || !longRunning) {
            System.exit(exit);
        }
    }

    /** The command line, with the settings listed under the help of the commands that read them all. */
    public static CommandLine commandLine() {
        var commandLine = new CommandLine(new Main());
        // picocli formats help text with String.format: a literal % must be doubled
        String settings = Settings.help().replace("%", "%%");
        for (var command : new CommandLine[] {commandLine, commandLine.getSubcommands().get("serve"),
                commandLine.getSubcommands().get("worker")}) {
            command.getCommandSpec().usageMessage().footer("", settings);
        }
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof ConfigException || e instanceof IllegalArgumentException) {
                cmd.getErr().println("vitrine: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return commandLine;
    }
}
