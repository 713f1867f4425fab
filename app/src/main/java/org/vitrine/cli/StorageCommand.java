package org.vitrine.cli;

import org.vitrine.App;
import org.vitrine.config.Config;
import org.vitrine.photo.StorageCheck;
import org.vitrine.photo.StorageCheck.Fault;
import org.vitrine.photo.UnusedBlobCollector;
import org.vitrine.storage.StorageException;
import org.vitrine.storage.mirror.MirrorCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/** StorageCommand looks after the blob store: {@code vitrine storage verify} and {@code migrate}. */
@Command(name = "storage", description = "Check the stored photo files, or move them to another store.",
        subcommands = {StorageCommand.Verify.class, MigrateCommand.class})
public final class StorageCommand {

    /**
     * Verify checks that every file the database refers to is in the configured store and that every original
     * still has its checksum, lists orphans, and removes them with {@code --fix}. It exits 1 when a file is missing
     * or corrupt, 2 when it could not check or was not allowed to fix.
     */
    @Command(name = "verify", description = "Check that every original and size is stored and every original is "
            + "unchanged (by its SHA-256); list files no photo uses. Exits 1 when a file is missing or corrupt. "
            + "With a mirror, the cloud copies are checked too.")
    static final class Verify implements Callable<Integer> {
        @Option(names = "--fix", description = "Remove the files no photo uses (after confirmation); with a mirror, "
                + "restore a missing or damaged file from the good copy in the other store.")
        boolean fix;

        @Option(names = "--yes", description = "Do not ask before removing (needed when not run from a terminal).")
        boolean yes;

        @Spec
        CommandSpec spec;

        /** Where the settings come from; tests give their own. */
        Supplier<Config> config = Config::fromEnvironment;

        /** Whether a person can answer a question (a terminal); tests say no. */
        Supplier<Boolean> interactive = () -> System.console() != null && System.console().isTerminal();

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try (App app = App.open(config.get())) {
                StorageCheck check = app.storageCheck();
                StorageCheck.Report report;
                try {
                    report = check.check();
                } catch (StorageException e) {
                    err.println("vitrine: the store could not be checked: " + e.getMessage());
                    return 2;
                }
                print(report, out);
                int exit = report.healthy() ? 0 : 1;
                if (app.mirror().isPresent()) {
                    MirrorCheck mirrorCheck = app.mirror().get().check();
                    MirrorCheck.Report mirrored;
                    try {
                        mirrored = mirrorCheck.check();
                    } catch (StorageException e) {
                        err.println("vitrine: the mirror could not be checked: " + e.getMessage());
                        return 2;
                    }
                    print(mirrored, out);
                    exit = report.healthy() && mirrored.healthy() ? 0 : 1;
                    if (fix && exit != 0) {
                        exit = repair(mirrorCheck, report.problems(), mirrored.problems(), out);
                    }
                }
                if (!fix || report.orphans().isEmpty()) {
                    return exit;
                }
                if (!yes && !interactive.get()) {
                    err.println("vitrine: --fix removes files; not run from a terminal, it needs --yes.");
                    return 2;
                }
                if (!yes && !confirmed(report.orphans().size(), out)) {
                    out.println("Nothing removed.");
                    out.flush();
                    return exit;
                }
                List<String> removed;
                try {
                    removed = check.removeOrphans(report.orphans(), UnusedBlobCollector.GRACE);
                } catch (StorageException e) {
                    err.println("vitrine: unused files could not be removed: " + e.getMessage());
                    return 2;
                }
                out.printf("Removed %d unused files.%n", removed.size());
                int left = report.orphans().size() - removed.size();
                if (left > 0) {
                    out.printf("Left %d: stored in the last %d hours (perhaps by an upload in progress) or used "
                            + "again since.%n", left, UnusedBlobCollector.GRACE.toHours());
                }
                out.flush();
                return exit;
            }
        }

        private static void print(StorageCheck.Report report, PrintWriter out) {
            out.printf("Checked %d originals (content re-hashed) and %d sizes: %d missing, %d corrupt.%n",
                    report.originalsChecked(), report.derivativesChecked(), report.count(Fault.MISSING),
                    report.count(Fault.CORRUPT));
            for (var problem : report.problems()) {
                out.printf("  %s %s of photo %d in album \"%s\" (%s)%n",
                        problem.fault().name().toLowerCase(Locale.ROOT), problem.kind(), problem.photoId(),
                        problem.albumTitle(), problem.key());
            }
            out.printf("%d unused files (no photo refers to them)%s%n", report.orphans().size(),
                    report.orphans().isEmpty() ? "." : ":");
            for (String orphan : report.orphans()) {
                out.println("  " + orphan);
            }
            out.flush();
        }

        private static void print(MirrorCheck.Report report, PrintWriter out) {
            long missing = report.problems().stream().filter(p -> p.fault() == Fault.MISSING).count();
            out.printf("Mirror (%s): checked %d copies (originals re-hashed): %d missing, %d corrupt; %d files still "
                    + "waiting to be copied.%n", report.store(), report.checked(), missing,
                    report.problems().size() - missing, report.waiting());
            for (var problem : report.problems()) {
                out.printf("  %s %s of photo %d in album \"%s\" in the mirror (%s)%n",
                        problem.fault().name().toLowerCase(Locale.ROOT), problem.kind(), problem.photoId(),
                        problem.albumTitle(), problem.key());
            }
            out.flush();
        }

        /** Repairs each store from the other; 0 when everything was repaired, else 1. */
        private static int repair(MirrorCheck check, List<StorageCheck.Problem> local,
                                  List<StorageCheck.Problem> mirrored, PrintWriter out) {
            var repairs = check.repair(local, mirrored);
            for (var repair : repairs) {
                out.printf("  %s %s on the %s: %s%n", repair.done() ? "Repaired" : "Could not repair", repair.key(),
                        repair.where(), repair.detail());
            }
            long done = repairs.stream().filter(MirrorCheck.Repair::done).count();
            out.printf("Repaired %d of %d damaged or missing files from the other copy.%n", done, repairs.size());
            out.flush();
            return done == repairs.size() ? 0 : 1;
        }

        /** Asks on the terminal; true only for a yes. */
        private static boolean confirmed(int orphans, PrintWriter out) throws IOException {
            out.printf("Remove these %d files? [y/N] ", orphans);
            out.flush();
            String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            return answer != null && answer.trim().toLowerCase(Locale.ROOT).startsWith("y");
        }
    }
}
