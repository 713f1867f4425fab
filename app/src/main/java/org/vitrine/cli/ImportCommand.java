package org.vitrine.cli;

import org.vitrine.App;
import org.vitrine.config.Config;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * ImportCommand adds every file of a folder to an album. Importing the same folder twice adds nothing: photos
 * are recognised by their content.
 */
@Command(name = "import", description = "Import a folder of photos into an album (created private if new).")
public final class ImportCommand implements Callable<Integer> {
    @Parameters(paramLabel = "DIR", description = "Folder to import (sub-folders included).")
    Path dir;

    @Option(names = "--album", required = true, description = "Album title; created if no album has its address.")
    String albumTitle;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(dir)) {
            System.err.println("vitrine: " + dir + " is not a folder.");
            return 2;
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted().toList();
        }
        int added = 0, duplicates = 0, rejected = 0;
        try (App app = App.open(Config.fromEnvironment())) {
            var album = app.albumEditor().findOrCreateByTitle(albumTitle);
            for (Path file : files) {
                try (InputStream in = Files.newInputStream(file)) {
                    var outcome = app.ingest().ingest(album.id(), file.getFileName().toString(), in);
                    if (outcome.ok()) {
                        added++;
                    } else if (outcome.duplicate()) {
                        duplicates++;
                    } else {
                        rejected++;
                        System.err.println("skipped " + dir.relativize(file) + ": " + outcome.message());
                    }
                }
            }
            System.out.printf("Imported %d new photos into \"%s\" (/a/%s); %d already there, %d skipped.%n",
                    added, album.title(), album.slug(), duplicates, rejected);
            if (added > 0) {
                System.out.println("Their sizes are made in the background by the site (./vitrine run).");
            }
        }
        return rejected > 0 && added == 0 && duplicates == 0 ? 1 : 0;
    }
}
