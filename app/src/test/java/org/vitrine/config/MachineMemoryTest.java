package org.vitrine.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** MachineMemory sees the memory this process may use, as the JVM does (container limits included). */
class MachineMemoryTest {
    @Test
    void the_memory_plan_fits_inside_the_memory_seen() {
        long total = MachineMemory.totalMb();
        assertThat(total).isGreaterThan(0);
        assertThat(MachineMemory.defaultWorkerHeapMb()).isBetween(64, 512);
        assertThat(MachineMemory.defaultWorkerBudgetMb()).isLessThanOrEqualTo((int) Math.max(64, total / 2));
    }
}
