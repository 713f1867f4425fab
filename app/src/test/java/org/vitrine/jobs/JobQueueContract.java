package org.vitrine.jobs;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vitrine.db.Database;
import org.vitrine.jobs.JobQueue.Counts;
import org.vitrine.jobs.JobQueue.JobView;
import org.vitrine.testing.MutableClock;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vitrine.jobs.JobKind.DERIVATIVES;

/** JobQueueContract is the behaviour every JobQueue backend must show, run once per database. */
abstract class JobQueueContract {
    static final Duration LEASE = Duration.ofSeconds(30);
    static final Set<JobKind> ALL = Set.of(JobKind.values());

    Database database;
    MutableClock clock;
    JdbiJobQueue queue;

    /** A fresh, migrated database of the backend under test. */
    abstract Database openDatabase();

    @BeforeEach
    void openQueue() {
        database = openDatabase();
        clock = new MutableClock(Instant.parse("2025-06-01T12:00:00Z"));
        queue = new JdbiJobQueue(database, clock);
    }

    @AfterEach
    void closeDatabase() {
        if (database != null) {
            database.close();
        }
    }

    @Test
    void enqueueing_the_same_subject_twice_makes_one_job() {
        queue.enqueue(DERIVATIVES, 7);
        queue.enqueue(DERIVATIVES, 7);

        assertThat(queue.counts()).isEqualTo(new Counts(1, 0, 0, 0));
    }

    @Test
    void enqueueing_while_the_job_runs_adds_nothing_but_after_it_is_done_adds_a_new_job() {
        queue.enqueue(DERIVATIVES, 7);
        Job job = queue.claim("w1", ALL, LEASE).orElseThrow();

        queue.enqueue(DERIVATIVES, 7);
        assertThat(queue.counts()).isEqualTo(new Counts(0, 1, 0, 0));

        queue.complete(job.id(), "w1");
        queue.enqueue(DERIVATIVES, 7);
        assertThat(queue.counts()).isEqualTo(new Counts(1, 0, 1, 0));
    }

    @Test
    void claim_gives_the_due_job_to_the_worker_under_a_lease() {
        queue.enqueue(DERIVATIVES, 7);

        Job job = queue.claim("w1", ALL, LEASE).orElseThrow();

        assertThat(job.kind()).isEqualTo(DERIVATIVES);
        assertThat(job.subjectId()).isEqualTo(7);
        assertThat(job.attempts()).isEqualTo(1);
        JobView view = view(job.id());
        assertThat(view.status()).isEqualTo(JobStatus.RUNNING);
        assertThat(view.leaseOwner()).isEqualTo("w1");
    }

    @Test
    void claim_gives_nothing_when_the_queue_is_empty() {
        assertThat(queue.claim("w1", ALL, LEASE)).isEmpty();
    }

    @Test
    void claim_gives_nothing_when_the_only_job_is_already_running() {
        queue.enqueue(DERIVATIVES, 7);
        queue.claim("w1", ALL, LEASE).orElseThrow();

        assertThat(queue.claim("w2", ALL, LEASE)).isEmpty();
    }

    @Test
    void a_job_not_yet_due_is_not_claimed() {
        queue.enqueue(DERIVATIVES, 7);
        clock.advance(Duration.ofMillis(-1));

        assertThat(queue.claim("w1", ALL, LEASE)).isEmpty();
    }

    @Test
    void run_waiting_now_makes_the_kind_s_jobs_in_their_retry_delay_due_and_leaves_other_kinds_waiting() {
        queue.enqueue(JobKind.MIRROR_COPY, 1, "s3");
        queue.enqueue(JobKind.DERIVATIVES, 2);
        for (int i = 0; i < 2; i++) {
            Job job = queue.claim("w1", ALL, LEASE).orElseThrow();
            assertThat(queue.fail(job.id(), "w1", "the cloud did not answer", false)).isTrue();
        }
        assertThat(queue.claim("w1", ALL, LEASE)).isEmpty();

        assertThat(queue.runWaitingNow(JobKind.MIRROR_COPY)).isEqualTo(1);

        Job hurried = queue.claim("w1", ALL, LEASE).orElseThrow();
        assertThat(hurried.kind()).isEqualTo(JobKind.MIRROR_COPY);
        assertThat(hurried.attempts()).as("attempts kept").isEqualTo(2);
        assertThat(queue.claim("w1", ALL, LEASE)).isEmpty();
    }

    @Test
    void jobs_are_claimed_in_the_order_they_became_due() {
        queue.enqueue(DERIVATIVES, 2);
        clock.advance(Duration.ofSeconds(1));
        queue.enqueue(DERIVATIVES, 1);

        assertThat(queue.claim("w1", ALL, LEASE).orElseThrow().subjectId()).isEqualTo(2);
        assertThat(queue.claim("w1", ALL, LEASE).orElseThrow().subjectId()).isEqualTo(1);
    }

    @Test
    void workers_claiming_at_the_same_time_never_get_the_same_job() throws Exception {
        int jobs = 200;
        int workers = 4;
        for (int subject = 1; subject <= jobs; subject++) {
            queue.enqueue(DERIVATIVES, subject);
        }
        Map<Long, AtomicInteger> claims = new ConcurrentHashMap<>();
        var start = new CountDownLatch(1);
        List<Future<?>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(workers)) {
            for (int w = 0; w < workers; w++) {
                String worker = "w" + w;
                results.add(pool.submit(() -> {
                    start.await();
                    for (Optional<Job> job = queue.claim(worker, ALL, LEASE); job.isPresent();
                         job = queue.claim(worker, ALL, LEASE)) {
                        claims.computeIfAbsent(job.get().id(), id -> new AtomicInteger()).incrementAndGet();
                        assertThat(queue.complete(job.get().id(), worker)).isTrue();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> result : results) {
                result.get();
            }
        }

        assertThat(claims).hasSize(jobs);
        assertThat(claims.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
        assertThat(queue.counts()).isEqualTo(new Counts(0, 0, jobs, 0));
    }

    @Test
    void an_expired_lease_is_claimed_by_another_worker_and_the_old_worker_can_no_longer_change_the_job() {
        queue.enqueue(DERIVATIVES, 7);
        Job first = queue.claim("w1", ALL, LEASE).orElseThrow();
        clock.advance(LEASE.plusMillis(1));

        Job revived = queue.claim("w2", ALL, LEASE).orElseThrow();

        assertThat(revived.id()).isEqualTo(first.id());
        assertThat(revived.attempts()).isEqualTo(2);
        assertThat(queue.complete(first.id(), "w1")).isFalse();
        assertThat(queue.heartbeat(first.id(), "w1", LEASE)).isFalse();
        assertThat(queue.fail(first.id(), "w1", "late", false)).isFalse();
        assertThat(view(first.id()).status()).isEqualTo(JobStatus.RUNNING);
        assertThat(view(first.id()).leaseOwner()).isEqualTo("w2");

        assertThat(queue.complete(revived.id(), "w2")).isTrue();
        assertThat(view(first.id()).status()).isEqualTo(JobStatus.DONE);
    }

    @Test
    void a_heartbeat_keeps_the_job_with_its_worker_past_the_first_lease() {
        queue.enqueue(DERIVATIVES, 7);
        Job job = queue.claim("w1", ALL, LEASE).orElseThrow();
        clock.advance(LEASE.minusSeconds(5));

        assertThat(queue.heartbeat(job.id(), "w1", LEASE)).isTrue();
        clock.advance(LEASE.minusSeconds(5));

        assertThat(queue.claim("w2", ALL, LEASE)).isEmpty();
        assertThat(queue.complete(job.id(), "w1")).isTrue();
    }

    @Test
    void a_failed_job_is_retried_after_a_growing_delay_and_ends_failed_after_its_last_attempt() {
        queue.enqueue(DERIVATIVES, 7);
        RetryPolicy policy = RetryPolicy.DEFAULT;
        for (int attempt = 1; attempt < policy.maxAttempts(); attempt++) {
            Job job = queue.claim("w1", ALL, LEASE).orElseThrow();
            assertThat(job.attempts()).isEqualTo(attempt);
            assertThat(queue.fail(job.id(), "w1", "boom " + attempt, false)).isTrue();

            clock.advance(policy.delayAfter(attempt).minusMillis(1));
            assertThat(queue.claim("w1", ALL, LEASE)).as("claimable before its delay, attempt " + attempt).isEmpty();
            clock.advance(Duration.ofMillis(1));
        }
        Job last = queue.claim("w1", ALL, LEASE).orElseThrow();

        assertThat(queue.fail(last.id(), "w1", "boom 5", false)).isFalse();
        JobView view = view(last.id());
        assertThat(view.status()).isEqualTo(JobStatus.FAILED);
        assertThat(view.attempts()).isEqualTo(5);
        assertThat(view.lastError()).isEqualTo("boom 5");
        assertThat(view.failure()).isEqualTo(FailureReason.ERROR);
        assertThat(view.leaseOwner()).isNull();
        clock.advance(Duration.ofDays(1));
        assertThat(queue.claim("w1", ALL, LEASE)).isEmpty();
    }

    @Test
    void a_permanent_failure_fails_the_job_at_once() {
        queue.enqueue(DERIVATIVES, 7);
        Job job = queue.claim("w1", ALL, LEASE).orElseThrow();

        assertThat(queue.fail(job.id(), "w1", "not an image", true)).isFalse();

        assertThat(view(job.id()).status()).isEqualTo(JobStatus.FAILED);
        assertThat(view(job.id()).lastError()).isEqualTo("not an image");
        assertThat(view(job.id()).failure()).isEqualTo(FailureReason.PERMANENT);
        assertThat(view(job.id()).attempts()).isEqualTo(1);
    }

    @Test
    void a_job_whose_worker_dies_on_every_attempt_ends_failed_instead_of_running_forever() {
        queue.enqueue(DERIVATIVES, 7);
        long id = 0;
        for (int attempt = 1; attempt <= RetryPolicy.DEFAULT.maxAttempts(); attempt++) {
            id = queue.claim("w" + attempt, ALL, LEASE).orElseThrow().id();
            clock.advance(LEASE.plusMillis(1));
        }

        assertThat(queue.claim("w9", ALL, LEASE)).isEmpty();

        JobView view = view(id);
        assertThat(view.status()).isEqualTo(JobStatus.FAILED);
        assertThat(view.lastError()).contains("w5").contains("stopped");
        assertThat(view.failure()).isEqualTo(FailureReason.ABANDONED);
        assertThat(view.leaseOwner()).isNull();
    }

    @Test
    void a_dead_worker_process_has_its_running_jobs_released_at_once_and_other_workers_keep_theirs() {
        queue.enqueue(DERIVATIVES, 1);
        queue.enqueue(DERIVATIVES, 2);
        queue.enqueue(DERIVATIVES, 3);
        Job first = queue.claim("host_a-1/1", ALL, LEASE).orElseThrow();
        Job second = queue.claim("host_a-1/2", ALL, LEASE).orElseThrow();
        // '_' would match any character in LIKE: this owner must not be taken for host_a-1's
        Job other = queue.claim("hostXa-1/1", ALL, LEASE).orElseThrow();

        var released = queue.releaseCrashed("host_a-1", 2, "process 99 exit 3");

        assertThat(released).extracting(r -> r.job().id()).containsExactlyInAnyOrder(first.id(), second.id());
        assertThat(released).allSatisfy(r -> {
            assertThat(r.times()).isEqualTo(1);
            assertThat(r.setAside()).isFalse();
        });
        assertThat(view(first.id()).status()).isEqualTo(JobStatus.QUEUED);
        assertThat(view(first.id()).lastError()).contains("died").contains("process 99 exit 3");
        assertThat(view(other.id()).status()).isEqualTo(JobStatus.RUNNING);
        assertThat(view(other.id()).leaseOwner()).isEqualTo("hostXa-1/1");
        // no waiting for the lease: the released jobs are due now
        assertThat(queue.claim("w2", ALL, LEASE)).isPresent();
        assertThat(queue.claim("w2", ALL, LEASE)).isPresent();
        assertThat(queue.claim("w2", ALL, LEASE)).isEmpty();
    }

    @Test
    void a_job_that_crashed_the_worker_twice_is_set_aside_until_the_admin_retries_it() {
        queue.enqueue(DERIVATIVES, 7);
        queue.claim("p1/1", ALL, LEASE).orElseThrow();
        queue.releaseCrashed("p1", 2, "exit 3");
        Job job = queue.claim("p2/1", ALL, LEASE).orElseThrow();

        var released = queue.releaseCrashed("p2", 2, "killed by signal 9");

        assertThat(released).singleElement().satisfies(r -> {
            assertThat(r.job().subjectId()).isEqualTo(7);
            assertThat(r.times()).isEqualTo(2);
            assertThat(r.setAside()).isTrue();
        });
        JobView view = view(job.id());
        assertThat(view.status()).isEqualTo(JobStatus.FAILED);
        assertThat(view.failure()).isEqualTo(FailureReason.CRASHED);
        assertThat(view.lastError()).contains("crashed").contains("signal 9");
        assertThat(view.leaseOwner()).isNull();
        clock.advance(Duration.ofDays(1));
        assertThat(queue.claim("p3/1", ALL, LEASE)).isEmpty();

        assertThat(queue.retry(job.id())).isTrue();
        queue.claim("p3/1", ALL, LEASE).orElseThrow();
        assertThat(queue.releaseCrashed("p3", 2, "exit 3")).singleElement()
                .satisfies(r -> assertThat(r.setAside()).as("crash count starts again after a retry").isFalse());
    }

    @Test
    void retry_puts_a_failed_job_back_in_the_queue_with_fresh_attempts() {
        queue.enqueue(DERIVATIVES, 7);
        Job job = queue.claim("w1", ALL, LEASE).orElseThrow();
        queue.fail(job.id(), "w1", "not an image", true);

        assertThat(queue.retry(job.id())).isTrue();

        assertThat(view(job.id()).status()).isEqualTo(JobStatus.QUEUED);
        assertThat(view(job.id()).failure()).isNull();
        Job again = queue.claim("w2", ALL, LEASE).orElseThrow();
        assertThat(again.id()).isEqualTo(job.id());
        assertThat(again.attempts()).isEqualTo(1);
    }

    @Test
    void retry_leaves_jobs_that_did_not_fail_alone() {
        queue.enqueue(DERIVATIVES, 7);
        Job job = queue.claim("w1", ALL, LEASE).orElseThrow();

        assertThat(queue.retry(job.id())).isFalse();
        assertThat(queue.retry(12345)).isFalse();
        assertThat(view(job.id()).status()).isEqualTo(JobStatus.RUNNING);
    }

    @Test
    void retry_does_nothing_when_the_subject_was_enqueued_again_meanwhile() {
        queue.enqueue(DERIVATIVES, 7);
        Job job = queue.claim("w1", ALL, LEASE).orElseThrow();
        queue.fail(job.id(), "w1", "not an image", true);
        queue.enqueue(DERIVATIVES, 7);

        assertThat(queue.retry(job.id())).isFalse();
        assertThat(queue.counts()).isEqualTo(new Counts(1, 0, 0, 1));
    }

    @Test
    void retry_all_failed_requeues_one_job_per_failed_subject() {
        for (long subject = 1; subject <= 3; subject++) {
            queue.enqueue(DERIVATIVES, subject);
        }
        failNextPermanently();
        failNextPermanently();
        // subject 3 stays queued; subject 1 fails a second time, so it has two failed jobs
        queue.enqueue(DERIVATIVES, 1);
        clock.advance(Duration.ofSeconds(-1));
        queue.enqueue(DERIVATIVES, 9);
        clock.advance(Duration.ofSeconds(2));
        Job job = queue.claim("w1", ALL, LEASE).orElseThrow();
        assertThat(job.subjectId()).isEqualTo(9);
        queue.complete(job.id(), "w1");
        failNextPermanently();
        assertThat(queue.counts()).isEqualTo(new Counts(1, 0, 1, 3));

        assertThat(queue.retryAllFailed(DERIVATIVES)).isEqualTo(2);

        assertThat(queue.counts()).isEqualTo(new Counts(3, 0, 1, 1));
        assertThat(queue.list(10)).filteredOn(v -> v.status() == JobStatus.QUEUED)
                .extracting(JobView::subjectId).containsExactlyInAnyOrder(1L, 2L, 3L);
    }

    @Test
    void counts_and_list_show_every_job_most_recently_changed_first() {
        queue.enqueue(DERIVATIVES, 1);
        queue.enqueue(DERIVATIVES, 2);
        queue.enqueue(DERIVATIVES, 3);
        clock.advance(Duration.ofSeconds(1));
        Job running = queue.claim("w1", ALL, LEASE).orElseThrow();
        clock.advance(Duration.ofSeconds(1));
        Job done = queue.claim("w1", ALL, LEASE).orElseThrow();
        queue.complete(done.id(), "w1");

        assertThat(queue.counts()).isEqualTo(new Counts(1, 1, 1, 0));
        List<JobView> list = queue.list(10);
        assertThat(list).extracting(JobView::subjectId).containsExactly(2L, 1L, 3L);
        assertThat(list).extracting(JobView::status).containsExactly(JobStatus.DONE, JobStatus.RUNNING, JobStatus.QUEUED);
        assertThat(list.get(1).leaseOwner()).isEqualTo("w1");
        assertThat(list.get(1).id()).isEqualTo(running.id());
        assertThat(queue.list(1)).hasSize(1);
    }

    @Test
    void a_worker_claims_only_the_kinds_it_handles() {
        // A kind this version does not know, as a newer Vitrine sharing the database would enqueue it: due first.
        database.jdbi().useHandle(h -> h.execute("""
                INSERT INTO jobs (kind, subject_id, status, attempts, run_at, created_at, updated_at)
                VALUES ('FROM_A_NEWER_VERSION', 1, 'queued', 0, 0, 0, 0)"""));
        queue.enqueue(DERIVATIVES, 7);

        assertThat(queue.claim("w1", Set.of(), LEASE)).isEmpty();
        Job job = queue.claim("w1", Set.of(DERIVATIVES), LEASE).orElseThrow();

        assertThat(job.kind()).isEqualTo(DERIVATIVES);
        assertThat(job.subjectId()).isEqualTo(7);
        assertThat(queue.claim("w2", Set.of(DERIVATIVES), LEASE)).isEmpty();
        assertThat(queue.counts()).isEqualTo(new Counts(1, 1, 0, 0));
    }

    @Test
    void a_job_carries_its_payload_and_enqueueing_dedups_per_payload() {
        queue.enqueue(DERIVATIVES, 7, "{\"store\":\"a\"}");
        queue.enqueue(DERIVATIVES, 7, "{\"store\":\"a\"}");
        queue.enqueue(DERIVATIVES, 7, "{\"store\":\"b\"}");
        queue.enqueue(DERIVATIVES, 7);
        queue.enqueue(DERIVATIVES, 7);

        assertThat(queue.counts()).isEqualTo(new Counts(3, 0, 0, 0));
        List<String> payloads = new ArrayList<>();
        for (Optional<Job> job = queue.claim("w1", ALL, LEASE); job.isPresent(); job = queue.claim("w1", ALL, LEASE)) {
            payloads.add(job.get().payload());
        }
        assertThat(payloads).containsExactlyInAnyOrder("{\"store\":\"a\"}", "{\"store\":\"b\"}", "");
        assertThat(queue.list(JobStatus.RUNNING, 10)).extracting(JobView::payload)
                .containsExactlyInAnyOrder("{\"store\":\"a\"}", "{\"store\":\"b\"}", "");
    }

    @Test
    void a_payload_longer_than_the_limit_is_refused_and_nothing_is_queued() {
        // 'é' is two bytes in UTF-8: the limit is in bytes, as the column stores them
        String tooLong = "é".repeat(JobQueue.MAX_PAYLOAD_BYTES / 2 + 1);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> queue.enqueue(DERIVATIVES, 7, tooLong))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("payload");
        queue.enqueue(DERIVATIVES, 8, "é".repeat(JobQueue.MAX_PAYLOAD_BYTES / 2));

        assertThat(queue.counts()).isEqualTo(new Counts(1, 0, 0, 0));
        assertThat(queue.claim("w1", ALL, LEASE).orElseThrow().payload()).hasSize(JobQueue.MAX_PAYLOAD_BYTES / 2);
    }

    @Test
    void each_kind_is_retried_by_its_own_policy() {
        var twice = new RetryPolicy(2, Duration.ofSeconds(3), 1);
        var queue = new JdbiJobQueue(database, clock, kind -> twice);
        queue.enqueue(DERIVATIVES, 7);

        Job first = queue.claim("w1", ALL, LEASE).orElseThrow();
        assertThat(first.maxAttempts()).isEqualTo(2);
        assertThat(first.lastAttempt()).isFalse();
        assertThat(queue.fail(first.id(), "w1", "boom 1", false)).isTrue();
        clock.advance(Duration.ofSeconds(3).minusMillis(1));
        assertThat(queue.claim("w1", ALL, LEASE)).isEmpty();
        clock.advance(Duration.ofMillis(1));
        Job second = queue.claim("w1", ALL, LEASE).orElseThrow();

        assertThat(second.lastAttempt()).isTrue();
        assertThat(queue.fail(second.id(), "w1", "boom 2", false)).isFalse();
        assertThat(view(second.id()).status()).isEqualTo(JobStatus.FAILED);
        assertThat(view(second.id()).failure()).isEqualTo(FailureReason.ERROR);
    }

    @Test
    void a_job_that_overran_is_taken_from_its_worker_and_set_aside_after_its_second_overrun() {
        queue.enqueue(DERIVATIVES, 7);
        Job job = queue.claim("w1/1", ALL, LEASE).orElseThrow();

        assertThat(queue.overran(job.id(), "w2/1", "too slow", 2)).as("only the holder").isEmpty();
        var first = queue.overran(job.id(), "w1/1", "stopped after its time limit of 60 s", 2).orElseThrow();

        assertThat(first.times()).isEqualTo(1);
        assertThat(first.setAside()).isFalse();
        assertThat(view(job.id()).status()).isEqualTo(JobStatus.QUEUED);
        assertThat(view(job.id()).failure()).isNull();
        assertThat(queue.complete(job.id(), "w1/1")).as("the thread that overran records nothing").isFalse();
        assertThat(queue.claim("w1/2", ALL, LEASE)).as("not before its retry delay").isEmpty();
        clock.advance(RetryPolicy.DEFAULT.delayAfter(1));
        Job again = queue.claim("w1/2", ALL, LEASE).orElseThrow();
        var second = queue.overran(again.id(), "w1/2", "stopped after its time limit of 60 s", 2).orElseThrow();

        assertThat(second.times()).isEqualTo(2);
        assertThat(second.setAside()).isTrue();
        assertThat(second.job().subjectId()).isEqualTo(7);
        JobView view = view(job.id());
        assertThat(view.status()).isEqualTo(JobStatus.FAILED);
        assertThat(view.failure()).isEqualTo(FailureReason.TIMED_OUT);
        assertThat(view.lastError()).contains("time limit");
        clock.advance(Duration.ofDays(1));
        assertThat(queue.claim("w1/2", ALL, LEASE)).isEmpty();
        assertThat(queue.retry(job.id())).isTrue();
        Job retried = queue.claim("w3/1", ALL, LEASE).orElseThrow();
        assertThat(queue.overran(retried.id(), "w3/1", "slow", 2).orElseThrow().setAside())
                .as("overrun count starts again after a retry").isFalse();
    }

    @Test
    void done_jobs_are_purged_after_the_retention_period_and_failed_ones_are_kept() {
        queue.enqueue(DERIVATIVES, 1);
        queue.enqueue(DERIVATIVES, 2);
        queue.complete(queue.claim("w1", ALL, LEASE).orElseThrow().id(), "w1");
        failNextPermanently();
        clock.advance(Duration.ofDays(7));
        queue.enqueue(DERIVATIVES, 3);
        queue.complete(queue.claim("w1", ALL, LEASE).orElseThrow().id(), "w1");
        queue.enqueue(DERIVATIVES, 4);
        clock.advance(Duration.ofMillis(1));

        assertThat(queue.purgeDone(Duration.ofDays(7))).isEqualTo(1);

        assertThat(queue.counts()).isEqualTo(new Counts(1, 0, 1, 1));
        assertThat(queue.list(10)).extracting(JobView::subjectId).containsExactlyInAnyOrder(2L, 3L, 4L);
        assertThat(queue.purgeDone(Duration.ofDays(7))).isZero();
    }

    @Test
    void failed_jobs_stay_listed_however_many_jobs_were_done_since() {
        queue.enqueue(DERIVATIVES, 1);
        failNextPermanently();
        int later = 300;
        List<Long> subjects = new ArrayList<>();
        for (long subject = 100; subject < 100 + later; subject++) {
            subjects.add(subject);
        }
        clock.advance(Duration.ofSeconds(1));
        queue.enqueue(DERIVATIVES, subjects);
        for (int i = 0; i < later; i++) {
            clock.advance(Duration.ofMillis(1));
            queue.complete(queue.claim("w1", ALL, LEASE).orElseThrow().id(), "w1");
        }

        assertThat(queue.list(200)).as("the newest jobs of any status").noneMatch(v -> v.subjectId() == 1);
        assertThat(queue.list(JobStatus.FAILED, 100)).singleElement().satisfies(v -> {
            assertThat(v.subjectId()).isEqualTo(1);
            assertThat(v.failure()).isEqualTo(FailureReason.PERMANENT);
        });
        assertThat(queue.list(JobStatus.DONE, 500)).hasSize(later);
    }

    @Test
    void enqueueing_many_subjects_at_once_skips_those_already_waiting() {
        queue.enqueue(DERIVATIVES, 2);

        queue.enqueue(DERIVATIVES, List.of(1L, 2L, 3L));

        assertThat(queue.counts()).isEqualTo(new Counts(3, 0, 0, 0));
    }

    private void failNextPermanently() {
        Job job = queue.claim("w1", ALL, LEASE).orElseThrow();
        queue.fail(job.id(), "w1", "broken " + job.subjectId(), true);
    }

    private JobView view(long id) {
        return queue.list(1000).stream().filter(v -> v.id() == id).findFirst().orElseThrow();
    }
}
