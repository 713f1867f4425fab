package org.vitrine.deploy;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * SystemdUnitTest checks docs/deploy/vitrine.service with systemd's own checker, and that it keeps the limits
 * docs/deploy.md promises: a memory limit and a restart after a crash.
 */
class SystemdUnitTest {
    private static final Path SYSTEMD_ANALYZE = Path.of("/usr/bin/systemd-analyze");
    private static final String INSTALL_DIR = "/opt/vitrine";

    @TempDir
    Path dir;

    @BeforeAll
    static void needsSystemdAnalyze() {
        assumeTrue(Files.isExecutable(SYSTEMD_ANALYZE), "no " + SYSTEMD_ANALYZE
                + " (Debian package systemd): the check of docs/deploy/vitrine.service is skipped");
    }

    @Test
    void the_documented_unit_passes_systemd_analyze_verify_without_a_warning() throws Exception {
        // systemd checks that ExecStart's program exists: point the unit at this checkout's ./vitrine instead.
        String unit = unit().replace(INSTALL_DIR, repository().toString());
        assertThat(verify(unit)).isEmpty();
    }

    @Test
    void the_check_would_see_a_mistake() throws Exception {
        String unit = unit().replace(INSTALL_DIR, repository().toString())
                .replace("Restart=on-failure", "Restart=sometimes");
        assertThat(verify(unit)).contains("restart specifier");
    }

    @Test
    void the_unit_limits_memory_and_restarts_after_a_crash() throws IOException {
        String unit = unit();
        assertThat(unit).containsPattern("(?m)^MemoryMax=\\d+[KMG]$")
                .containsPattern("(?m)^Restart=on-failure$")
                .containsPattern("(?m)^RestartSec=\\d+s$")
                .containsPattern("(?m)^ExecStart=" + INSTALL_DIR + "/vitrine serve$")
                .containsPattern("(?m)^Environment=VITRINE_BIND=127\\.0\\.0\\.1$");
    }

    /** What systemd-analyze verify says about the unit, warnings included (it exits 0 on most of them). */
    private String verify(String unit) throws IOException, InterruptedException {
        Path file = dir.resolve("vitrine.service");
        Files.writeString(file, unit);
        Path output = dir.resolve("verify.log");
        Process process = new ProcessBuilder(SYSTEMD_ANALYZE.toString(), "verify", file.toString())
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("systemd-analyze finished").isTrue();
        String said = Files.readString(output, StandardCharsets.UTF_8).strip();
        if (process.exitValue() != 0) {
            return "exit " + process.exitValue() + ": " + said;
        }
        return said;
    }

    private static String unit() throws IOException {
        return Files.readString(repository().resolve("docs/deploy/vitrine.service"));
    }

    /** The checkout: Maven runs the tests in app/, the unit is in docs/deploy/ beside ./vitrine. */
    private static Path repository() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("docs/deploy/vitrine.service"))
                    && Files.isExecutable(d.resolve("vitrine"))) {
                return d;
            }
        }
        throw new AssertionError("docs/deploy/vitrine.service not found above " + Path.of("").toAbsolutePath());
    }
}
