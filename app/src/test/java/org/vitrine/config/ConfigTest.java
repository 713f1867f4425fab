package org.vitrine.config;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ConfigTest: settings read from the environment, and handed on to a worker process unchanged. */
class ConfigTest {
    @Test
    void the_worker_settings_default_to_a_share_of_the_memory_and_the_worker_runs_in_its_own_process() {
        var config = Config.fromEnvironment(Map.of());

        assertThat(config.workers()).isEqualTo(Config.Workers.PROCESS);
        // Derived from this machine's (or container's) memory: an eighth for the heap, 40% for image work.
        long total = MachineMemory.totalMb();
        assertThat(config.workerMemoryMb()).isEqualTo((int) Math.clamp(total / 8, 64, 512));
        assertThat(config.workerBudgetMb()).isEqualTo((int) Math.max(64, total * 2 / 5));
        assertThat(config.jobLeaseSeconds()).isEqualTo(60);
    }

    @Test
    void a_configuration_written_to_an_environment_reads_back_the_same() {
        var config = Config.fromEnvironment(Map.of("VITRINE_PORT", "9090", "VITRINE_WORKERS", "inline",
                "VITRINE_WORKER_MEMORY_MB", "24", "VITRINE_WORKER_BUDGET_MB", "100",
                "VITRINE_JOB_LEASE_SECONDS", "3", "VITRINE_DATABASE_URL", "jdbc:postgresql://db/vitrine",
                "VITRINE_DATABASE_USER", "vitrine", "VITRINE_MAX_MEGAPIXELS", "250"));

        assertThat(Config.fromEnvironment(config.toEnvironment())).isEqualTo(config);
    }

    @Test
    void an_unknown_worker_mode_is_refused_with_the_allowed_values() {
        assertThatThrownBy(() -> Config.fromEnvironment(Map.of("VITRINE_WORKERS", "threads")))
                .hasMessageContaining("VITRINE_WORKERS must be one of process, inline, none");
    }
}
