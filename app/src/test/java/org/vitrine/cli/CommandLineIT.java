package org.vitrine.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitrine.testing.GeneratedPhotos;
import org.vitrine.testing.VitrineProcess;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The vitrine command line, run as a real process on a real SQLite file. */
class CommandLineIT {
    @TempDir
    Path dataDir;

    private Map<String, String> env() {
        return Map.of("VITRINE_DATA_DIR", dataDir.toString());
    }

    @Test
    void user_add_reads_the_password_from_stdin_and_refuses_a_short_one() {
        var added = VitrineProcess.run(env(), "a long enough password\n", "user", "add", "me@example.com");
        assertThat(added.exitCode()).as(added.stderr()).isZero();
        assertThat(added.stdout()).contains("Added me@example.com");

        var again = VitrineProcess.run(env(), "a long enough password\n", "user", "add", "me@example.com");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.stderr()).contains("already an account");

        var weak = VitrineProcess.run(env(), "short\n", "user", "password", "me@example.com");
        assertThat(weak.exitCode()).isEqualTo(1);
        assertThat(weak.stderr()).contains("at least 10 characters");

        var changed = VitrineProcess.run(env(), "another long password\n", "user", "password", "me@example.com");
        assertThat(changed.exitCode()).as(changed.stderr()).isZero();
    }

    @Test
    void importing_a_folder_twice_adds_its_photos_once_and_skips_bad_files_with_a_reason() throws IOException {
        Path folder = Files.createDirectories(dataDir.resolveSibling(dataDir.getFileName() + "-import"));
        GeneratedPhotos.jpeg(folder.resolve("a.jpg"), 1024, 768, 1);
        GeneratedPhotos.exifOriented(folder.resolve("b.jpg"), 768, 1024, 2, 6);
        GeneratedPhotos.zipArchive(folder.resolve("c.jpg"));

        var first = VitrineProcess.run(env(), "", "import", folder.toString(), "--album", "Road trip");
        assertThat(first.exitCode()).as(first.stderr()).isZero();
        assertThat(first.stdout()).contains("Imported 2 new photos into \"Road trip\"");
        assertThat(first.stderr()).contains("c.jpg").contains("ZIP");

        var second = VitrineProcess.run(env(), "", "import", folder.toString(), "--album", "Road trip");
        assertThat(second.stdout()).contains("Imported 0 new photos").contains("2 already there");

        var jobs = VitrineProcess.run(env(), "", "jobs");
        assertThat(jobs.stdout()).contains("waiting 2");
    }

    @Test
    void processes_starting_together_on_a_fresh_database_all_get_a_migrated_schema() throws Exception {
        // A site, an import and a worker often start at once: each migrates the fresh SQLite file in turn.
        var processes = new java.util.ArrayList<Process>();
        for (int i = 0; i < 4; i++) {
            processes.add(VitrineProcess.builder(env(), "jobs").redirectErrorStream(true)
                    .redirectOutput(dataDir.resolveSibling(dataDir.getFileName() + "-jobs" + i + ".log").toFile())
                    .start());
        }
        for (int i = 0; i < processes.size(); i++) {
            Process p = processes.get(i);
            assertThat(p.waitFor(2, java.util.concurrent.TimeUnit.MINUTES)).isTrue();
            assertThat(p.exitValue()).as(Files.readString(
                    dataDir.resolveSibling(dataDir.getFileName() + "-jobs" + i + ".log"))).isZero();
        }
    }

    @Test
    void a_bad_setting_is_reported_in_plain_words() {
        var result = VitrineProcess.run(Map.of("VITRINE_DATA_DIR", dataDir.toString(), "VITRINE_PORT", "eighty"),
                "", "jobs");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).contains("VITRINE_PORT must be a whole number");
    }
}
