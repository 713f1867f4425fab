package org.vitrine.cli;

import org.vitrine.App;
import org.vitrine.config.Config;
import org.vitrine.user.Accounts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/** UserCommand adds accounts and sets passwords from the command line. */
@Command(name = "user", description = "Manage accounts.", subcommands = {UserCommand.Add.class, UserCommand.Password.class})
public final class UserCommand {

    /** Reads a password: from the terminal without echo, otherwise one line from standard input. */
    static String readPassword(String prompt) throws IOException {
        var console = System.console();
        if (console != null && console.isTerminal()) {
            char[] first = console.readPassword(prompt);
            char[] second = console.readPassword("Again: ");
            if (first == null || second == null || !new String(first).equals(new String(second))) {
                throw new IllegalArgumentException("The two passwords are not the same.");
            }
            return new String(first);
        }
        String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (line == null) {
            throw new IllegalArgumentException("No password on standard input.");
        }
        return line;
    }

    @Command(name = "add", description = "Add an account (password read from stdin when not a terminal).")
    static final class Add implements Callable<Integer> {
        @Parameters(paramLabel = "EMAIL")
        String email;

        @Override
        public Integer call() throws Exception {
            try (App app = App.open(Config.fromEnvironment())) {
                var user = app.accounts().create(email, readPassword("Password for " + email + ": "));
                System.out.println("Added " + user.email() + ".");
                return 0;
            } catch (Accounts.AccountException e) {
                System.err.println("vitrine: " + e.getMessage());
                return 1;
            }
        }
    }

    @Command(name = "password", description = "Set an account's password (read from stdin when not a terminal).")
    static final class Password implements Callable<Integer> {
        @Parameters(paramLabel = "EMAIL")
        String email;

        @Override
        public Integer call() throws Exception {
            try (App app = App.open(Config.fromEnvironment())) {
                app.accounts().changePassword(email, readPassword("New password for " + email + ": "));
                System.out.println("Password changed for " + email + ".");
                return 0;
            } catch (Accounts.AccountException e) {
                System.err.println("vitrine: " + e.getMessage());
                return 1;
            }
        }
    }
}
