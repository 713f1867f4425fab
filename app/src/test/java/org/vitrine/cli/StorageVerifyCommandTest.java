package org.vitrine.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitrine.access.Visibility;
import org.vitrine.photo.PhotoStatus;
import org.vitrine.testing.Eventually;
import org.vitrine.testing.Fixtures;
import org.vitrine.testing.GeneratedPhotos;
import org.vitrine.testing.TestApp;
import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code vitrine storage verify} on a real SQLite database and a real local blob folder, holding photos uploaded
 * through the real ingest path and sized by the real worker.
 */
class StorageVerifyCommandTest {
    @TempDir
    Path dataDir;

    private final List<Long> photoIds = new ArrayList<>();
    private final List<String> originalKeys = new ArrayList<>();
    private final List<String> derivativeKeys = new ArrayList<>();

    /** A site with two photos in the album "Summer", both with their sizes made; the app is closed after. */
    @BeforeEach
    void uploadTwoPhotos() throws IOException {
        try (var app = TestApp.start(dataDir)) {
            var album = new Fixtures(app).album("Summer", Visibility.PRIVATE);
            for (int seed = 1; seed <= 2; seed++) {
                Path file = GeneratedPhotos.jpeg(dataDir.resolveSibling(dataDir.getFileName() + "-" + seed + ".jpg"),
                        800, 600, seed);
                try (InputStream in = Files.newInputStream(file)) {
                    var outcome = app.ingest().ingest(album.id(), "photo-" + seed + ".jpg", in);
                    assertThat(outcome.ok()).as(outcome.message()).isTrue();
                    photoIds.add(outcome.photoId());
                }
            }
            for (long id : photoIds) {
                Eventually.until("photo " + id + " sized",
                        () -> app.photos().find(id).orElseThrow().status() == PhotoStatus.READY);
                originalKeys.add(app.photos().find(id).orElseThrow().originalKey());
                app.photos().derivatives(id).forEach(d -> derivativeKeys.add(d.blobKey()));
            }
        }
        assertThat(derivativeKeys).isNotEmpty();
    }

    private record Run(int exitCode, String output) {
    }

    private Run verify(String... args) {
        var command = new StorageCommand.Verify();
        command.config = () -> TestApp.config(dataDir);
        command.interactive = () -> false;
        var output = new StringWriter();
        var writer = new PrintWriter(output, true);
        int exit = new CommandLine(command).setOut(writer).setErr(writer).execute(args);
        return new Run(exit, output.toString());
    }

    private Path blob(String key) {
        return dataDir.resolve("blobs").resolve(key);
    }

    /** An unused file, stored long enough ago that no upload in progress can still be about to use it. */
    private String orphan(String key) throws IOException {
        Path file = Files.createDirectories(blob(key).getParent()).resolve(blob(key).getFileName());
        Files.write(file, new byte[]{1, 2, 3});
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(Duration.ofDays(1))));
        return key;
    }

    @Test
    void a_healthy_site_passes_with_everything_counted_and_exits_zero() {
        var run = verify();

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("Checked 2 originals (content re-hashed) and " + derivativeKeys.size()
                + " sizes: 0 missing, 0 corrupt.").contains("0 unused files");
    }

    @Test
    void a_changed_original_is_corrupt_a_deleted_size_missing_and_old_orphans_are_removed_with_fix_yes_only()
            throws IOException {
        byte[] original = Files.readAllBytes(blob(originalKeys.get(0)));
        original[original.length / 2] ^= 0x55; // one changed byte, same size
        Files.write(blob(originalKeys.get(0)), original);
        String deleted = derivativeKeys.getLast();
        Files.delete(blob(deleted));
        String unusedSize = orphan("derivatives/999/320-0123456789.jpg");
        String unusedOriginal = orphan("originals/ab/ab" + "0".repeat(62) + ".jpg");
        String justStored = "derivatives/998/320-0123456789.jpg";
        Files.createDirectories(blob(justStored).getParent());
        Files.write(blob(justStored), new byte[]{4, 5, 6});

        var run = verify();

        assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
        assertThat(run.output())
                .contains("1 missing, 1 corrupt")
                .contains("corrupt original of photo " + photoIds.get(0) + " in album \"Summer\"")
                .contains("missing size of photo " + photoIds.get(1) + " in album \"Summer\" (" + deleted + ")")
                .contains("3 unused files").contains(unusedSize).contains(unusedOriginal).contains(justStored);
        assertThat(blob(unusedSize)).exists();

        var refused = verify("--fix");
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.output()).contains("needs --yes");
        assertThat(blob(unusedSize)).as("not removed without --yes").exists();

        var fixed = verify("--fix", "--yes");
        assertThat(fixed.output()).contains("Removed 2 unused files.")
                .contains("Left 1: stored in the last 6 hours");
        assertThat(fixed.exitCode()).as("still missing and corrupt: fix removes orphans only").isEqualTo(1);
        assertThat(blob(unusedSize)).doesNotExist();
        assertThat(blob(unusedOriginal)).doesNotExist();
        assertThat(blob(originalKeys.get(0))).as("a corrupt original is never removed").exists();
        assertThat(blob(originalKeys.get(1))).exists();
        assertThat(blob(justStored)).as("perhaps an upload in progress: kept").exists();

        var after = verify();
        assertThat(after.output()).contains("1 unused files").contains("1 missing, 1 corrupt");
    }
}
