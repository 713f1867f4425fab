package org.vitrine.jobs;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitrine.db.Database;
import org.vitrine.jobs.JobQueue.Counts;
import org.vitrine.jobs.JobQueue.JobView;
import org.vitrine.testing.TestDatabases;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.vitrine.jobs.JobKind.DERIVATIVES;

/** JobWorkerTest runs real handlers through a worker on a SQLite queue with real time. */
class JobWorkerTest {
    // Retries at once, so a retried job does not make the test wait 10 s.
    static final RetryPolicy QUICK_RETRIES = new RetryPolicy(5, Duration.ZERO, 1);

    @TempDir
    Path dir;
    Database database;
    JdbiJobQueue queue;
    JobWorker worker;
    // Holds handlers that ignore interrupts, like a decoder deep in native code, until the test ends.
    final CountDownLatch neverReturning = new CountDownLatch(1);

    @BeforeEach
    void openQueue() {
        database = TestDatabases.sqlite(dir);
        queue = new JdbiJobQueue(database, Clock.systemUTC(), kind -> QUICK_RETRIES);
    }

    @AfterEach
    void closeAll() {
        neverReturning.countDown();
        if (worker != null) {
            worker.close();
        }
        database.close();
    }

    @Test
    void fifty_jobs_on_two_threads_each_run_exactly_once() {
        Map<Long, AtomicInteger> runs = new ConcurrentHashMap<>();
        worker = start(2, Duration.ofMillis(50), job ->
                runs.computeIfAbsent(job.subjectId(), s -> new AtomicInteger()).incrementAndGet());
        for (long photo = 1; photo <= 50; photo++) {
            queue.enqueue(DERIVATIVES, photo);
        }
        worker.wake();

        awaitCounts(new Counts(0, 0, 50, 0));
        assertThat(runs).hasSize(50);
        assertThat(runs.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
    }

    @Test
    void a_handler_that_throws_is_retried_until_it_succeeds() {
        var calls = new AtomicInteger();
        worker = start(1, Duration.ofMillis(50), job -> {
            if (calls.incrementAndGet() < 3) {
                throw new IllegalStateException("disk hiccup " + calls.get());
            }
        });
        queue.enqueue(DERIVATIVES, 7);
        worker.wake();

        awaitCounts(new Counts(0, 0, 1, 0));
        JobView view = queue.list(1).getFirst();
        assertThat(view.attempts()).isEqualTo(3);
        assertThat(view.lastError()).contains("disk hiccup 2");
    }

    @Test
    void a_handler_that_keeps_throwing_ends_failed_after_its_last_attempt() {
        worker = start(1, Duration.ofMillis(50), job -> {
            throw new IllegalStateException("always broken");
        });
        queue.enqueue(DERIVATIVES, 7);
        worker.wake();

        awaitCounts(new Counts(0, 0, 0, 1));
        assertThat(queue.list(1).getFirst().attempts()).isEqualTo(QUICK_RETRIES.maxAttempts());
    }

    @Test
    void a_permanent_job_failure_fails_the_job_without_another_attempt() {
        var calls = new AtomicInteger();
        worker = start(1, Duration.ofMillis(50), job -> {
            calls.incrementAndGet();
            throw new PermanentJobFailure("photo 7 is not an image");
        });
        queue.enqueue(DERIVATIVES, 7);
        worker.wake();

        awaitCounts(new Counts(0, 0, 0, 1));
        JobView view = queue.list(1).getFirst();
        assertThat(view.lastError()).isEqualTo("photo 7 is not an image");
        assertThat(view.attempts()).isEqualTo(1);
        assertThat(calls).hasValue(1);
    }

    @Test
    void wake_starts_a_new_job_without_waiting_for_the_next_poll() throws Exception {
        var ran = new CountDownLatch(1);
        worker = start(1, Duration.ofMinutes(1), job -> ran.countDown());
        Thread.sleep(200); // let the thread find the queue empty and go idle

        queue.enqueue(DERIVATIVES, 7);
        worker.wake();

        assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void a_job_that_outlives_its_lease_keeps_it_through_heartbeats() {
        var other = new AtomicBoolean();
        Duration lease = Duration.ofMillis(300);
        worker = new JobWorker(queue, Map.of(DERIVATIVES, job -> {
            Thread.sleep(1_000);
            other.set(queue.claim("someone-else", JobQueueContract.ALL, lease).isPresent());
        }), new JobWorker.Options(1, Duration.ofMillis(50), lease, Duration.ofSeconds(5)));
        worker.start();
        queue.enqueue(DERIVATIVES, 7);
        worker.wake();

        awaitCounts(new Counts(0, 0, 1, 0));
        assertThat(other).isFalse();
    }

    @Test
    void close_waits_for_the_running_job_and_then_claims_nothing_more() throws Exception {
        var started = new CountDownLatch(1);
        var finished = new AtomicBoolean();
        worker = start(1, Duration.ofMillis(50), job -> {
            started.countDown();
            Thread.sleep(500);
            finished.set(true);
        });
        queue.enqueue(DERIVATIVES, 7);
        worker.wake();
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();

        worker.close();

        assertThat(finished).isTrue();
        assertThat(queue.counts()).isEqualTo(new Counts(0, 0, 1, 0));
        queue.enqueue(DERIVATIVES, 8);
        worker.wake();
        Thread.sleep(200);
        assertThat(queue.counts()).isEqualTo(new Counts(1, 0, 1, 0));
    }

    @Test
    void a_worker_without_any_handler_is_refused() {
        assertThatThrownBy(() -> new JobWorker(queue, Map.of(), JobWorker.Options.defaults(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one job kind");
    }

    @Test
    void a_job_that_never_returns_is_stopped_at_its_time_limit_and_set_aside_after_two_overruns() {
        List<String> setAside = new CopyOnWriteArrayList<>();
        var handler = new JobHandler() {
            @Override
            public void run(Job job) {
                blockIgnoringInterrupts();
            }

            @Override
            public void onSetAside(Job job, FailureReason reason, int times) {
                setAside.add(job.subjectId() + " " + reason + " " + times);
            }
        };
        // Two threads: the first stays stuck in attempt 1, the second takes attempt 2 and is stuck too.
        worker = new JobWorker(JobWorker.newId(), queue, Map.of(DERIVATIVES, handler),
                new JobWorker.Options(2, Duration.ofMillis(50), Duration.ofSeconds(30), Duration.ofSeconds(5))
                        .withTimeLimits(TimeLimits.fixed(Duration.ofMillis(300))),
                new MemoryBudget(1L << 30), null);
        worker.start();
        queue.enqueue(DERIVATIVES, 7);
        worker.wake();

        awaitCounts(new Counts(0, 0, 0, 1));
        JobView view = queue.list(1).getFirst();
        assertThat(view.failure()).isEqualTo(FailureReason.TIMED_OUT);
        assertThat(view.attempts()).isEqualTo(2);
        assertThat(view.lastError()).contains("time limit of 300 ms");
        await(() -> !setAside.isEmpty(), "the handler to be told");
        assertThat(setAside).containsExactly("7 TIMED_OUT 2");
    }

    @Test
    void a_handler_that_allows_for_a_transfer_gets_its_own_time_limit_instead_of_the_estimate_s() {
        var handler = new JobHandler() {
            @Override
            public void run(Job job) throws InterruptedException {
                Thread.sleep(800); // a slow upload: longer than the 300 ms the estimate allows
            }

            @Override
            public Duration timeLimit(Job job, Duration fromEstimate) {
                return fromEstimate.plusSeconds(30);
            }
        };
        worker = new JobWorker(JobWorker.newId(), queue, Map.of(DERIVATIVES, handler),
                new JobWorker.Options(1, Duration.ofMillis(50), Duration.ofSeconds(30), Duration.ofSeconds(5))
                        .withTimeLimits(TimeLimits.fixed(Duration.ofMillis(300))),
                new MemoryBudget(1L << 30), null);
        worker.start();
        queue.enqueue(DERIVATIVES, 7);
        worker.wake();

        awaitCounts(new Counts(0, 0, 1, 0));
        assertThat(queue.list(1).getFirst().attempts()).isEqualTo(1);
    }

    @Test
    void a_supervised_worker_with_a_stuck_thread_restarts_once_its_other_jobs_are_done() throws Exception {
        var restart = new CompletableFuture<String>();
        var finishOther = new CountDownLatch(1);
        var handler = new JobHandler() {
            @Override
            public void run(Job job) throws InterruptedException {
                if (job.subjectId() == 7) {
                    blockIgnoringInterrupts();
                } else {
                    finishOther.await();
                }
            }

            @Override
            public long estimateBytes(Job job) {
                return job.subjectId() == 7 ? 0 : 100L << 20; // the other job is given about a minute
            }
        };
        // Job 7 is not due again before the restart: the fresh process runs it.
        var queue = new JdbiJobQueue(database, Clock.systemUTC(), kind -> new RetryPolicy(5, Duration.ofHours(1), 1));
        worker = new JobWorker(JobWorker.newId(), queue, Map.of(DERIVATIVES, handler),
                new JobWorker.Options(2, Duration.ofMillis(50), Duration.ofSeconds(30), Duration.ofSeconds(5))
                        .withTimeLimits(new TimeLimits(Duration.ofMillis(300), Duration.ofMinutes(10),
                                Duration.ofMinutes(1))),
                new MemoryBudget(1L << 30), restart::complete);
        worker.start();
        queue.enqueue(DERIVATIVES, 7);
        queue.enqueue(DERIVATIVES, 8);
        worker.wake();

        await(() -> queue.list(JobStatus.QUEUED, 10).stream().anyMatch(j -> j.subjectId() == 7
                && j.lastError() != null), "job 7 to be taken from its thread");
        assertThat(restart).as("not while job 8 runs").isNotDone();
        finishOther.countDown();

        assertThat(restart.get(10, TimeUnit.SECONDS)).contains("job " + queue.list(JobStatus.QUEUED, 10)
                .getFirst().id()).contains("did not stop");
        assertThat(queue.counts()).as("job 7 runs again in the fresh process").isEqualTo(new Counts(1, 0, 1, 0));
    }

    @Test
    void a_supervised_worker_whose_memory_stays_above_its_plan_restarts_after_the_job() throws Exception {
        var restart = new CompletableFuture<String>();
        // Any JVM holds more than 1 MB: the check reads the real VmRSS of this process.
        worker = new JobWorker(JobWorker.newId(), queue, Map.of(DERIVATIVES, job -> { }),
                new JobWorker.Options(1, Duration.ofMillis(50), Duration.ofSeconds(30), Duration.ofSeconds(5))
                        .withRestartAboveRss(1L << 20),
                new MemoryBudget(1L << 30), restart::complete);
        worker.start();
        queue.enqueue(DERIVATIVES, 7);
        worker.wake();

        assertThat(restart.get(10, TimeUnit.SECONDS)).contains("resident memory").contains("above 1 MB");
        assertThat(queue.counts()).isEqualTo(new Counts(0, 0, 1, 0));
    }

    @Test
    void resident_memory_is_read_from_proc_on_linux() {
        assertThat(ResidentMemory.currentBytes().orElseThrow())
                .isGreaterThan(Runtime.getRuntime().totalMemory() / 4);
    }

    private void blockIgnoringInterrupts() {
        while (true) {
            try {
                neverReturning.await();
                return;
            } catch (InterruptedException e) {
                // like native code: an interrupt changes nothing
            }
        }
    }

    private JobWorker start(int threads, Duration poll, JobHandler handler) {
        var started = new JobWorker(queue, Map.of(DERIVATIVES, handler),
                new JobWorker.Options(threads, poll, Duration.ofSeconds(30), Duration.ofSeconds(5)));
        started.start();
        return started;
    }

    private void awaitCounts(Counts expected) {
        await(() -> queue.counts().equals(expected), "counts " + expected);
        assertThat(queue.counts()).isEqualTo(expected);
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after 10 s waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }
}
