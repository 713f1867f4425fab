package org.vitrine.jobs;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.vitrine.db.Database;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * JdbiJobQueue keeps the job queue in the {@code jobs} table of SQLite or PostgreSQL.
 * Every change to a running job is guarded by its lease owner, so a worker that lost its lease
 * (it stalled and another worker revived the job) can no longer change the job.
 */
public final class JdbiJobQueue implements JobQueue {
    private static final String ACTIVE = "('queued', 'running')";

    private static final String ENQUEUE = """
            INSERT INTO jobs (kind, subject_id, status, attempts, run_at, created_at, updated_at)
            VALUES (:kind, :subjectId, 'queued', 0, :now, :now, :now)
            ON CONFLICT (kind, subject_id) WHERE status IN %s DO NOTHING""".formatted(ACTIVE);

    // A running job whose lease ran out lost its worker; once it has used all its attempts it is failed
    // here instead of revived, so a job that kills its worker (say, a decompression bomb) cannot loop forever.
    private static final String FAIL_ABANDONED = """
            UPDATE jobs
               SET status = 'failed', lease_owner = NULL, lease_until = NULL, updated_at = :now,
                   last_error = 'worker ' || lease_owner || ' stopped while running attempt ' || attempts
            WHERE status = 'running' AND lease_until < :now AND attempts >= :maxAttempts""";

    // One statement, so no two workers can take the same row: SQLite has a single writer, and PostgreSQL
    // locks the chosen row while other workers skip it (the dialect's SKIP LOCKED).
    private static final String CLAIM = """
            UPDATE jobs
               SET status = 'running', lease_owner = :owner, lease_until = :leaseUntil,
                   attempts = attempts + 1, updated_at = :now
             WHERE id = (SELECT id FROM jobs
                          WHERE (status = 'queued' AND run_at <= :now)
                             OR (status = 'running' AND lease_until < :now AND attempts < :maxAttempts)
                          ORDER BY run_at, id
                          LIMIT 1 %s)
            RETURNING id, kind, subject_id, attempts""";

    // The lease guard shared by every statement that changes a job this worker runs.
    private static final String HELD = "id = :id AND status = 'running' AND lease_owner = :owner";

    private static final String HEARTBEAT = "UPDATE jobs SET lease_until = :leaseUntil WHERE " + HELD;

    private static final String COMPLETE = """
            UPDATE jobs SET status = 'done', lease_owner = NULL, lease_until = NULL, updated_at = :now
             WHERE""" + " " + HELD;

    private static final String ATTEMPTS = "SELECT attempts FROM jobs WHERE " + HELD;

    private static final String REQUEUE_AFTER_FAILURE = """
            UPDATE jobs SET status = 'queued', run_at = :runAt, last_error = :error,
                            lease_owner = NULL, lease_until = NULL, updated_at = :now
             WHERE""" + " " + HELD;

    private static final String FAIL = """
            UPDATE jobs SET status = 'failed', last_error = :error,
                            lease_owner = NULL, lease_until = NULL, updated_at = :now
             WHERE""" + " " + HELD;

    // The supervisor saw the worker process die: its jobs go back at once instead of waiting for their leases,
    // and a job that was running in it for the maxCrashes-th time is set aside, never retried automatically.
    // The owner prefix is compared with substr, not LIKE, because host names may contain LIKE's '_'.
    private static final String RELEASE_CRASHED = """
            UPDATE jobs
               SET status = CASE WHEN crashes + 1 >= :maxCrashes THEN 'failed' ELSE 'queued' END,
                   last_error = CASE WHEN crashes + 1 >= :maxCrashes THEN :setAsideError ELSE :releasedError END,
                   crashes = crashes + 1,
                   run_at = :now, lease_owner = NULL, lease_until = NULL, updated_at = :now
             WHERE status = 'running' AND substr(lease_owner, 1, :prefixLength) = :prefix
            RETURNING id, kind, subject_id, crashes, status""";

    // Requeueing must not make a second active job for a subject that was enqueued again meanwhile.
    // A retry pressed by the admin starts the crash count again too.
    private static final String RETRY = """
            UPDATE jobs SET status = 'queued', attempts = 0, crashes = 0, run_at = :now, updated_at = :now
             WHERE id = :id AND status = 'failed'
               AND NOT EXISTS (SELECT 1 FROM jobs active
                                WHERE active.kind = jobs.kind AND active.subject_id = jobs.subject_id
                                  AND active.status IN %s)""".formatted(ACTIVE);

    // A subject can have failed more than once; only its newest failed job goes back in the queue.
    private static final String RETRY_ALL_FAILED = """
            UPDATE jobs SET status = 'queued', attempts = 0, crashes = 0, run_at = :now, updated_at = :now
             WHERE id IN (SELECT MAX(id) FROM jobs failed
                           WHERE failed.kind = :kind AND failed.status = 'failed'
                             AND NOT EXISTS (SELECT 1 FROM jobs active
                                              WHERE active.kind = failed.kind
                                                AND active.subject_id = failed.subject_id
                                                AND active.status IN %s)
                           GROUP BY failed.subject_id)""".formatted(ACTIVE);

    private static final String LIST = """
            SELECT id, kind, subject_id, status, attempts, run_at, lease_owner, last_error, updated_at
              FROM jobs
             ORDER BY updated_at DESC, id DESC
             LIMIT :limit""";

    private static final String COUNTS = "SELECT status, COUNT(*) AS n FROM jobs GROUP BY status";

    private static final RowMapper<Job> JOB = (rs, ctx) -> new Job(rs.getLong("id"),
            JobKind.valueOf(rs.getString("kind")), rs.getLong("subject_id"), rs.getInt("attempts"));

    private static final RowMapper<JobView> VIEW = (rs, ctx) -> new JobView(rs.getLong("id"),
            JobKind.valueOf(rs.getString("kind")), rs.getLong("subject_id"), rs.getString("status"),
            rs.getInt("attempts"), rs.getLong("run_at"), rs.getString("lease_owner"),
            rs.getString("last_error"), rs.getLong("updated_at"));

    private final Jdbi jdbi;
    private final Clock clock;
    private final RetryPolicy retryPolicy;
    private final String claimSql;

    public JdbiJobQueue(Database database, Clock clock) {
        this(database, clock, RetryPolicy.DEFAULT);
    }

    public JdbiJobQueue(Database database, Clock clock, RetryPolicy retryPolicy) {
        this.jdbi = database.jdbi();
        this.clock = clock;
        this.retryPolicy = retryPolicy;
        this.claimSql = CLAIM.formatted(database.dialect().skipLocked());
    }

    @Override
    public void enqueue(JobKind kind, long subjectId) {
        long now = clock.millis();
        jdbi.useHandle(h -> h.createUpdate(ENQUEUE)
                .bind("kind", kind.name())
                .bind("subjectId", subjectId)
                .bind("now", now)
                .execute());
    }

    @Override
    public Optional<Job> claim(String workerId, Duration lease) {
        long now = clock.millis();
        return jdbi.withHandle(h -> {
            h.createUpdate(FAIL_ABANDONED)
                    .bind("now", now)
                    .bind("maxAttempts", retryPolicy.maxAttempts())
                    .execute();
            return h.createQuery(claimSql)
                    .bind("owner", workerId)
                    .bind("leaseUntil", now + lease.toMillis())
                    .bind("now", now)
                    .bind("maxAttempts", retryPolicy.maxAttempts())
                    .map(JOB)
                    .findOne();
        });
    }

    @Override
    public boolean heartbeat(long jobId, String workerId, Duration lease) {
        long leaseUntil = clock.millis() + lease.toMillis();
        return jdbi.withHandle(h -> h.createUpdate(HEARTBEAT)
                .bind("leaseUntil", leaseUntil)
                .bind("id", jobId)
                .bind("owner", workerId)
                .execute()) == 1;
    }

    @Override
    public boolean complete(long jobId, String workerId) {
        long now = clock.millis();
        return jdbi.withHandle(h -> h.createUpdate(COMPLETE)
                .bind("now", now)
                .bind("id", jobId)
                .bind("owner", workerId)
                .execute()) == 1;
    }

    @Override
    public boolean fail(long jobId, String workerId, String error, boolean permanent) {
        long now = clock.millis();
        // Two statements without a transaction: only claim() changes attempts, and it can only do so after
        // taking the lease away, which the guard on the second statement then notices.
        Optional<Integer> attempts = jdbi.withHandle(h -> h.createQuery(ATTEMPTS)
                .bind("id", jobId)
                .bind("owner", workerId)
                .mapTo(Integer.class)
                .findOne());
        if (attempts.isEmpty()) {
            return false;
        }
        boolean retry = !permanent && retryPolicy.retries(attempts.get());
        long runAt = now + retryPolicy.delayAfter(attempts.get()).toMillis();
        int changed = jdbi.withHandle(h -> h.createUpdate(retry ? REQUEUE_AFTER_FAILURE : FAIL)
                .bind("runAt", runAt)
                .bind("error", error)
                .bind("now", now)
                .bind("id", jobId)
                .bind("owner", workerId)
                .execute());
        return retry && changed == 1;
    }

    @Override
    public List<Released> releaseCrashed(String workerId, int maxCrashes, String cause) {
        long now = clock.millis();
        String prefix = workerId + "/";
        return jdbi.withHandle(h -> h.createQuery(RELEASE_CRASHED)
                .bind("maxCrashes", maxCrashes)
                .bind("setAsideError", CRASHED_THE_WORKER + " " + maxCrashes + " times; last time: " + cause)
                .bind("releasedError", "the image worker died while running it: " + cause)
                .bind("now", now)
                .bind("prefixLength", prefix.length())
                .bind("prefix", prefix)
                .map((rs, ctx) -> new Released(rs.getLong("id"), JobKind.valueOf(rs.getString("kind")),
                        rs.getLong("subject_id"), rs.getInt("crashes"), "failed".equals(rs.getString("status"))))
                .list());
    }

    @Override
    public boolean retry(long jobId) {
        long now = clock.millis();
        return jdbi.withHandle(h -> h.createUpdate(RETRY)
                .bind("now", now)
                .bind("id", jobId)
                .execute()) == 1;
    }

    @Override
    public int retryAllFailed(JobKind kind) {
        long now = clock.millis();
        return jdbi.withHandle(h -> h.createUpdate(RETRY_ALL_FAILED)
                .bind("now", now)
                .bind("kind", kind.name())
                .execute());
    }

    @Override
    public List<JobView> list(int limit) {
        return jdbi.withHandle(h -> h.createQuery(LIST)
                .bind("limit", limit)
                .map(VIEW)
                .list());
    }

    @Override
    public Counts counts() {
        Map<String, Integer> byStatus = jdbi.withHandle(h -> h.createQuery(COUNTS)
                .map((rs, ctx) -> Map.entry(rs.getString("status"), rs.getInt("n")))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
        return new Counts(byStatus.getOrDefault("queued", 0), byStatus.getOrDefault("running", 0),
                byStatus.getOrDefault("done", 0), byStatus.getOrDefault("failed", 0));
    }
}
