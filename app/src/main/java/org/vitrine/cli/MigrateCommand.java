package org.vitrine.cli;

import org.vitrine.config.Config;
import org.vitrine.db.Database;
import org.vitrine.storage.BlobStore;
import org.vitrine.storage.BlobStores;
import org.vitrine.storage.ProcessTempDir;
import org.vitrine.storage.StorageException;
import org.vitrine.storage.migrate.StoreLocationCheck;
import org.vitrine.storage.migrate.StoreMigration;
import org.vitrine.storage.migrate.StorePlace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * MigrateCommand is {@code vitrine storage migrate --to s3|azure|local}: it moves every file the database refers
 * to from the store in use (VITRINE_STORAGE) to another, described by the same settings, verifying each copy; an
 * interrupted move continues when run again. It exits 0 when the move is finished; 1 when it finished but some
 * files were already missing from the source, or when files damaged in the source kept it from finishing; 2 when
 * it stopped (run it again).
 */
@Command(name = "migrate", description = "Move every photo file to another store (described by the "
        + "VITRINE_S3_* or VITRINE_AZURE_* settings), checking each copy by its SHA-256. Run it again after an "
        + "interruption: it continues. The old store's files are left in place.")
final class MigrateCommand implements Callable<Integer> {
    @Option(names = "--to", required = true, paramLabel = "local|s3|azure",
            description = "The store to move the files to.")
    String to;

    @Option(names = "--parallel", defaultValue = "4", paramLabel = "N",
            description = "Files copied at the same time (default: ${DEFAULT-VALUE}).")
    int parallel;

    @Spec
    CommandSpec spec;

    /** Where the settings come from; tests give their own. */
    Supplier<Config> config = Config::fromEnvironment;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Config config = this.config.get();
        Config.Storage kind = kind(to);
        if (parallel < 1 || parallel > 32) {
            throw new IllegalArgumentException("--parallel must be between 1 and 32.");
        }
        StorePlace from = StorePlace.configured(config);
        StorePlace target = StorePlace.of(kind, config);
        Path dataDir = Files.createDirectories(config.dataDir());
        try (Database database = Database.open(config.databaseUrl(), config.databaseUser(),
                config.databasePassword());
             ProcessTempDir tmp = ProcessTempDir.claim(dataDir.resolve("tmp"))) {
            StoreLocationCheck.require(database.jdbi(), config);
            // Read through the cache and spool of a cloud primary store: an upload not yet sent is read from the
            // spool. The move never writes to its source, so nothing is ever handed on to be sent.
            BlobStore source = BlobStores.open(config, dataDir, key -> { });
            BlobStore destination = destination(kind, config, dataDir);
            try {
                out.printf("Moving the photo files from %s to %s.%n", from, target);
                out.flush();
                var progress = new MigrationProgressBar(out, interactive());
                StoreMigration.Report report;
                try {
                    report = new StoreMigration(database.jdbi(), Clock.systemUTC(), source, destination,
                            tmp.path(), parallel).run(from, target, progress);
                } catch (StorageException e) {
                    progress.end();
                    err.println("vitrine: the move stopped: " + e.getMessage() + ". Every file copied so far is "
                            + "kept and the site still uses " + from + ": run the same command again to continue.");
                    return 2;
                }
                progress.end();
                return print(report, from, target, config, out);
            } finally {
                close(source);
                close(destination);
            }
        }
    }

    private static Config.Storage kind(String to) {
        try {
            return Config.Storage.valueOf(to.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--to must be local, s3 or azure, not \"" + to + "\".");
        }
    }

    private static BlobStore destination(Config.Storage kind, Config config, Path dataDir) throws IOException {
        try {
            return BlobStores.direct(kind, config, dataDir);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The store to move to is not fully set: " + e.getMessage() + ".");
        }
    }

    private static int print(StoreMigration.Report report, StorePlace from, StorePlace target, Config config,
                             PrintWriter out) {
        out.printf("%s: %d files copied%s, every one read back and checked by its SHA-256%s.%n",
                report.resumed() ? "Move continued and finished" : "Move finished", report.copied(),
                report.alreadyThere() > 0 ? ", " + report.alreadyThere() + " already there" : "",
                report.damagedCopiesRedone() > 0 ? " (" + report.damagedCopiesRedone()
                        + " read back damaged and copied again)" : "");
        listed(out, report.changedSinceUpload(), "originals no longer match the checksum they were uploaded with "
                + "(copied as they are; see `vitrine storage verify`)");
        listed(out, report.missingInSource(), "files were already missing from " + from + " (nothing to copy; see "
                + "`vitrine storage verify`)");
        if (!report.finished()) {
            listed(out, report.corruptInSource(), "files are damaged in " + from + " (their bytes do not match the "
                    + "checksum stored with them) and were not copied");
            out.printf("The move is not finished: the site still uses %s. Repair those files (`vitrine storage "
                    + "verify` lists their photos; re-upload them or delete those photos), then run the same "
                    + "command again.%n", from);
            out.flush();
            return 1;
        }
        out.printf("The photos now live in %s. Set VITRINE_STORAGE=%s and restart Vitrine (the site and any "
                + "workers): until then it refuses to start, so that it never serves from the old store.%n",
                target, target.setting());
        out.printf("The files in %s are left as they were. Once the site runs well from %s, remove them: %s.%n",
                from, target, removal(from, config));
        out.flush();
        return report.missingInSource().isEmpty() ? 0 : 1;
    }

    private static void listed(PrintWriter out, List<String> keys, String what) {
        if (!keys.isEmpty()) {
            out.printf("%d %s:%n", keys.size(), what);
            keys.forEach(key -> out.println("  " + key));
        }
    }

    /** How to remove the old store's files, in the tool a person would use for it. */
    private static String removal(StorePlace from, Config config) {
        return switch (from.kind()) {
            case LOCAL -> "delete the folder " + config.dataDir().resolve("blobs");
            case S3 -> "delete everything under the prefix with the provider's console or `aws s3 rm --recursive "
                    + "s3://" + config.s3Bucket() + "/" + config.s3Prefix() + "`";
            case AZURE -> "delete the blobs under the prefix with the portal or `az storage blob delete-batch "
                    + "--source " + config.azureContainer()
                    + (config.azurePrefix().isBlank() ? "" : " --pattern '" + config.azurePrefix() + "*'") + "`";
        };
    }

    private static boolean interactive() {
        return System.console() != null && System.console().isTerminal();
    }

    private static void close(BlobStore store) {
        if (store instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception ignored) {
                // closing a client after the work is done: nothing left to lose
            }
        }
    }
}
