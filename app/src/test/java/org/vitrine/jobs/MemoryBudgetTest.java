package org.vitrine.jobs;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** MemoryBudgetTest: jobs run side by side while their estimates fit, and a huge job runs alone. */
class MemoryBudgetTest {
    static final long MB = 1024 * 1024;

    @Test
    void jobs_whose_estimates_fit_together_run_at_the_same_time() throws Exception {
        var budget = new MemoryBudget(100 * MB);

        try (var first = budget.acquire(40 * MB); var second = budget.acquire(60 * MB)) {
            assertThat(budget.inUse()).isEqualTo(100 * MB);
        }
        assertThat(budget.inUse()).isZero();
    }

    @Test
    void a_job_that_does_not_fit_waits_until_enough_memory_is_given_back() throws Exception {
        var budget = new MemoryBudget(100 * MB);
        var first = budget.acquire(70 * MB);

        var second = CompletableFuture.supplyAsync(() -> acquire(budget, 50 * MB));
        assertThatThrownBy(() -> second.get(200, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
        assertThat(budget.wouldWait(50 * MB)).isTrue();

        first.close();
        try (var permit = second.get(5, TimeUnit.SECONDS)) {
            assertThat(budget.inUse()).isEqualTo(50 * MB);
        }
    }

    @Test
    void a_job_larger_than_the_whole_budget_runs_but_only_alone() throws Exception {
        var budget = new MemoryBudget(100 * MB);
        var small = budget.acquire(10 * MB);

        var huge = CompletableFuture.supplyAsync(() -> acquire(budget, 500 * MB));
        assertThatThrownBy(() -> huge.get(200, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
        small.close();
        var hugePermit = huge.get(5, TimeUnit.SECONDS);

        var next = CompletableFuture.supplyAsync(() -> acquire(budget, 1 * MB));
        assertThatThrownBy(() -> next.get(200, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
        hugePermit.close();
        next.get(5, TimeUnit.SECONDS).close();
        assertThat(budget.inUse()).isZero();
    }

    @Test
    void closing_a_permit_twice_gives_its_memory_back_once() throws Exception {
        var budget = new MemoryBudget(100 * MB);
        var held = budget.acquire(30 * MB);
        var permit = budget.acquire(20 * MB);

        permit.close();
        permit.close();

        assertThat(budget.inUse()).isEqualTo(30 * MB);
        held.close();
    }

    private static MemoryBudget.Permit acquire(MemoryBudget budget, long bytes) {
        try {
            return budget.acquire(bytes);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
