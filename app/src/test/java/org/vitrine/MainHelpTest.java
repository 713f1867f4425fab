package org.vitrine;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** MainHelpTest: {@code vitrine --help} and {@code vitrine serve --help} list every setting. */
class MainHelpTest {
    private static final java.util.List<String> VARIABLES = java.util.List.of("VITRINE_PORT", "VITRINE_BASE_URL",
            "VITRINE_DATA_DIR", "VITRINE_DATABASE_URL", "VITRINE_WORKERS", "VITRINE_WORKER_MEMORY_MB",
            "VITRINE_WORKER_BUDGET_MB", "VITRINE_JOB_LEASE_SECONDS", "VITRINE_IMAGE_ENGINE", "VITRINE_JAVA_OPTS");

    @Test
    void the_help_of_vitrine_and_of_serve_lists_the_settings_with_range_and_default() {
        for (String[] args : new String[][] {{"--help"}, {"serve", "--help"}, {"worker", "--help"}}) {
            String help = help(args);

            assertThat(help).contains(VARIABLES);
            assertThat(help).contains("""
                      VITRINE_WORKER_THREADS
                          Photos resized at the same time, at most as many as fit in the memory
                          budget. Allowed: 1 to 16 photos. Default: 1.
                    """)
                    .contains("  VITRINE_WORKERS\n      Where photos are processed")
                    .contains("Allowed: process, inline, none. Default: process.")
                    .containsPattern("Allowed: 0 to 65536 MiB\\. Default: 40% of the memory\\s+\\(here\\s+\\d+\\)");
            // only a word longer than a line (a deep data folder's path) may stick out
            assertThat(help.lines()).allMatch(line -> line.length() <= 80 || !line.strip().contains(" "),
                    "fits in 80 columns");
        }
    }

    @Test
    void storage_verify_is_a_command_whose_help_explains_fix_and_yes() {
        String help = help("storage", "verify", "--help");

        assertThat(help).contains("Usage: vitrine storage verify").contains("--fix").contains("--yes")
                .contains("Exits 1 when a file is missing");
    }

    private static String help(String... args) {
        var out = new StringWriter();
        var commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(out));
        assertThat(commandLine.execute(args)).isZero();
        return out.toString();
    }
}
