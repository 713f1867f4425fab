package org.vitrine.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Temporary files of a process killed with kill -9 are removed when the next process starts; a live one's stay. */
class ProcessTempDirTest {
    @TempDir
    Path root;

    @Test
    void a_killed_process_s_temporary_files_are_removed_at_the_next_start_and_a_live_one_s_are_kept() throws Exception {
        Process killed = holder();
        Process alive = holder();
        try {
            Path killedDir = folderOf(killed);
            Path aliveDir = folderOf(alive);
            killed.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL: no shutdown hook runs
            assertThat(killedDir.resolve("upload-1.part")).as("left behind by kill -9").exists();

            try (var mine = ProcessTempDir.claim(root)) {
                assertThat(killedDir).doesNotExist();
                assertThat(aliveDir.resolve("upload-1.part")).exists();
                assertThat(mine.path()).isDirectory();
                assertThat(folders()).containsExactlyInAnyOrder(aliveDir, mine.path());
            }
        } finally {
            alive.getOutputStream().close();
            alive.waitFor(30, TimeUnit.SECONDS);
            killed.destroyForcibly();
        }
        assertThat(folders()).as("a process that stops normally removes its own folder").isEmpty();
    }

    @Test
    void two_instances_in_one_process_each_have_their_own_folder_until_closed() throws IOException {
        var first = ProcessTempDir.claim(root);
        var second = ProcessTempDir.claim(root);
        assertThat(first.path()).isNotEqualTo(second.path()).isDirectory();
        assertThat(second.path()).isDirectory();

        first.close();
        assertThat(first.path()).doesNotExist();
        assertThat(ProcessTempDir.removeAbandoned(root)).isZero();
        assertThat(second.path()).isDirectory();
        second.close();
    }

    private Process holder() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), TempDirHolder.class.getName(),
                root.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static Path folderOf(Process process) throws IOException {
        var reader = new BufferedReader(new InputStreamReader(process.getInputStream()));
        String line = reader.readLine();
        assertThat(line).as("the holder's folder").isNotNull();
        return Path.of(line);
    }

    private List<Path> folders() throws IOException {
        try (Stream<Path> list = Files.list(root)) {
            return list.toList();
        }
    }
}
