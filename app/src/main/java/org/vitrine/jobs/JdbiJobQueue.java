package org.vitrine.jobs;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.vitrine.db.Database;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * JdbiJobQueue keeps the job queue in the {@code jobs} table of SQLite or PostgreSQL.
 * Every change to a running job is guarded by its lease owner, so a worker that lost its lease
 * (it stalled and another worker revived the job) can no longer change the job.
 * The statuses in the SQL are {@link JobStatus#code()}s, the failures {@link FailureReason} names.
 */
public final class JdbiJobQueue implements JobQueue {
    private static final String ACTIVE = "('queued', 'running')";

    // The row's max_attempts is its kind's policy when it was enqueued, so every statement below can compare
    // attempts with it whatever mix of kinds the table holds.
    private static final String ENQUEUE = """
            INSERT INTO jobs (kind, subject_id, payload, status, attempts, max_attempts, run_at, created_at, updated_at)
            VALUES (:kind, :subjectId, :payload, 'queued', 0, :maxAttempts, :now, :now, :now)
            ON CONFLICT (kind, subject_id, payload) WHERE status IN %s DO NOTHING""".formatted(ACTIVE);

    // Added only while the caller's condition holds and no job is active, judged in this one statement: on
    // PostgreSQL (READ COMMITTED) both subqueries read the same snapshot, so a subject finished by a worker that
    // marks it done before completing its job is seen either finished or with its job still active, never
    // unfinished without a job. ON CONFLICT settles two processes that both saw no job. SQLite runs one writer at
    // a time. (SQLite needs the WHERE to read INSERT ... SELECT ... ON CONFLICT unambiguously.)
    private static final String ENQUEUE_IF = """
            INSERT INTO jobs (kind, subject_id, payload, status, attempts, max_attempts, run_at, created_at, updated_at)
            SELECT :kind, :subjectId, '', 'queued', 0, :maxAttempts, :now, :now, :now
             WHERE (%s)
               AND NOT EXISTS (SELECT 1 FROM jobs active
                                WHERE active.kind = :kind AND active.subject_id = :subjectId
                                  AND active.payload = '' AND active.status IN %s)
            ON CONFLICT (kind, subject_id, payload) WHERE status IN %s DO NOTHING""";

    // A running job whose lease ran out lost its worker; once it has used all its attempts it is failed
    // here instead of revived, so a job that kills its worker (say, a decompression bomb) cannot loop forever.
    private static final String FAIL_ABANDONED = """
            UPDATE jobs
               SET status = 'failed', failure = 'ABANDONED', lease_owner = NULL, lease_until = NULL, updated_at = :now,
                   last_error = 'worker ' || lease_owner || ' stopped while running attempt ' || attempts
            WHERE status = 'running' AND lease_until < :now AND attempts >= max_attempts""";

    private static final String JOB_COLUMNS = "id, kind, subject_id, payload, attempts, max_attempts";

    // One statement, so no two workers can take the same row: SQLite has a single writer, and PostgreSQL
    // locks the chosen row while other workers skip it (the dialect's SKIP LOCKED). A worker takes only the
    // kinds it has handlers for.
    private static final String CLAIM = """
            UPDATE jobs
               SET status = 'running', lease_owner = :owner, lease_until = :leaseUntil,
                   attempts = attempts + 1, updated_at = :now
             WHERE id = (SELECT id FROM jobs
                          WHERE kind IN (<kinds>)
                            AND ((status = 'queued' AND run_at <= :now)
                                 OR (status = 'running' AND lease_until < :now AND attempts < max_attempts))
                          ORDER BY run_at, id
                          LIMIT 1 %s)
            RETURNING""" + " " + JOB_COLUMNS;

    // The lease guard shared by every statement that changes a job this worker runs.
    private static final String HELD = "id = :id AND status = 'running' AND lease_owner = :owner";

    private static final String HEARTBEAT = "UPDATE jobs SET lease_until = :leaseUntil WHERE " + HELD;

    private static final String COMPLETE = """
            UPDATE jobs SET status = 'done', lease_owner = NULL, lease_until = NULL, updated_at = :now
             WHERE""" + " " + HELD;

    private static final String HELD_JOB = "SELECT " + JOB_COLUMNS + " FROM jobs WHERE " + HELD;

    private static final String REQUEUE_AFTER_FAILURE = """
            UPDATE jobs SET status = 'queued', run_at = :runAt, last_error = :error,
                            lease_owner = NULL, lease_until = NULL, updated_at = :now
             WHERE""" + " " + HELD;

    private static final String FAIL = """
            UPDATE jobs SET status = 'failed', failure = :failure, last_error = :error,
                            lease_owner = NULL, lease_until = NULL, updated_at = :now
             WHERE""" + " " + HELD;

    // The worker's watchdog saw the job pass its time limit: the job leaves the worker at once (the thread may
    // never return), and a job that overran maxOverruns times, or on its last attempt, is set aside.
    private static final String OVERRAN = """
            UPDATE jobs
               SET status = CASE WHEN overruns + 1 >= :maxOverruns OR attempts >= max_attempts
                                 THEN 'failed' ELSE 'queued' END,
                   failure = CASE WHEN overruns + 1 >= :maxOverruns OR attempts >= max_attempts
                                  THEN 'TIMED_OUT' END,
                   overruns = overruns + 1, last_error = :error,
                   run_at = :runAt, lease_owner = NULL, lease_until = NULL, updated_at = :now
             WHERE""" + " " + HELD + " RETURNING " + JOB_COLUMNS + ", overruns AS times, status";

    // The supervisor saw the worker process die: its jobs go back at once instead of waiting for their leases,
    // and a job that was running in it for the maxCrashes-th time is set aside, never retried automatically.
    // The owner prefix is compared with substr, not LIKE, because host names may contain LIKE's '_'.
    private static final String RELEASE_CRASHED = """
            UPDATE jobs
               SET status = CASE WHEN crashes + 1 >= :maxCrashes THEN 'failed' ELSE 'queued' END,
                   failure = CASE WHEN crashes + 1 >= :maxCrashes THEN 'CRASHED' END,
                   last_error = CASE WHEN crashes + 1 >= :maxCrashes THEN :setAsideError ELSE :releasedError END,
                   crashes = crashes + 1,
                   run_at = :now, lease_owner = NULL, lease_until = NULL, updated_at = :now
             WHERE status = 'running' AND substr(lease_owner, 1, :prefixLength) = :prefix
            RETURNING""" + " " + JOB_COLUMNS + ", crashes AS times, status";

    // Requeueing must not make a second active job for a subject that was enqueued again meanwhile.
    // A retry pressed by the admin starts the crash and overrun counts again too.
    private static final String RETRY = """
            UPDATE jobs SET status = 'queued', failure = NULL, attempts = 0, crashes = 0, overruns = 0,
                            run_at = :now, updated_at = :now
             WHERE id = :id AND status = 'failed'
               AND NOT EXISTS (SELECT 1 FROM jobs active
                                WHERE active.kind = jobs.kind AND active.subject_id = jobs.subject_id
                                  AND active.payload = jobs.payload AND active.status IN %s)""".formatted(ACTIVE);

    // A subject can have failed more than once; only its newest failed job (per payload) goes back in the queue.
    private static final String RETRY_ALL_FAILED = """
            UPDATE jobs SET status = 'queued', failure = NULL, attempts = 0, crashes = 0, overruns = 0,
                            run_at = :now, updated_at = :now
             WHERE id IN (SELECT MAX(id) FROM jobs failed
                           WHERE failed.kind = :kind AND failed.status = 'failed'
                             AND NOT EXISTS (SELECT 1 FROM jobs active
                                              WHERE active.kind = failed.kind
                                                AND active.subject_id = failed.subject_id
                                                AND active.payload = failed.payload
                                                AND active.status IN %s)
                           GROUP BY failed.subject_id, failed.payload)""".formatted(ACTIVE);

    private static final String PURGE_DONE = "DELETE FROM jobs WHERE status = 'done' AND updated_at < :cutoff";

    private static final String VIEW_COLUMNS = """
            SELECT id, kind, subject_id, payload, status, attempts, run_at, lease_owner, last_error, failure, updated_at
              FROM jobs""";

    private static final String LIST = VIEW_COLUMNS + """

             ORDER BY updated_at DESC, id DESC
             LIMIT :limit""";

    // Its own query (on the status, updated_at index), so failed jobs never drop out behind newer done ones.
    private static final String LIST_BY_STATUS = VIEW_COLUMNS + """

             WHERE status = :status
             ORDER BY updated_at DESC, id DESC
             LIMIT :limit""";

    private static final String COUNTS = "SELECT status, COUNT(*) AS n FROM jobs GROUP BY status";

    private static final RowMapper<Job> JOB = (rs, ctx) -> new Job(rs.getLong("id"),
            JobKind.valueOf(rs.getString("kind")), rs.getLong("subject_id"), rs.getString("payload"),
            rs.getInt("attempts"), rs.getInt("max_attempts"));

    private static final RowMapper<Released> RELEASED = (rs, ctx) -> new Released(JOB.map(rs, ctx),
            rs.getInt("times"), JobStatus.of(rs.getString("status")) == JobStatus.FAILED);

    private static final RowMapper<JobView> VIEW = (rs, ctx) -> {
        String failure = rs.getString("failure");
        return new JobView(rs.getLong("id"), JobKind.valueOf(rs.getString("kind")), rs.getLong("subject_id"),
                rs.getString("payload"), JobStatus.of(rs.getString("status")), rs.getInt("attempts"),
                rs.getLong("run_at"), rs.getString("lease_owner"), rs.getString("last_error"),
                failure == null ? null : FailureReason.valueOf(failure), rs.getLong("updated_at"));
    };

    private final Jdbi jdbi;
    private final Clock clock;
    private final Function<JobKind, RetryPolicy> retryPolicies;
    private final String claimSql;

    /** A queue that retries each kind by its own {@link JobKind#retryPolicy()}. */
    public JdbiJobQueue(Database database, Clock clock) {
        this(database, clock, JobKind::retryPolicy);
    }

    /** A queue with other retry policies (tests retry at once). */
    public JdbiJobQueue(Database database, Clock clock, Function<JobKind, RetryPolicy> retryPolicies) {
        this.jdbi = database.jdbi();
        this.clock = clock;
        var policies = new EnumMap<JobKind, RetryPolicy>(JobKind.class);
        for (JobKind kind : JobKind.values()) {
            policies.put(kind, retryPolicies.apply(kind));
        }
        this.retryPolicies = policies::get;
        this.claimSql = CLAIM.formatted(database.dialect().skipLocked());
    }

    @Override
    public void enqueue(JobKind kind, long subjectId, String payload) {
        if (payload.getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("jobs: a " + kind + " payload is longer than " + MAX_PAYLOAD_BYTES
                    + " bytes; jobs carry ids, not data");
        }
        long now = clock.millis();
        jdbi.useHandle(h -> h.createUpdate(ENQUEUE)
                .bind("kind", kind.name())
                .bind("subjectId", subjectId)
                .bind("payload", payload)
                .bind("maxAttempts", retryPolicies.apply(kind).maxAttempts())
                .bind("now", now)
                .execute());
    }

    @Override
    public void enqueue(JobKind kind, List<Long> subjectIds) {
        if (subjectIds.isEmpty()) {
            return;
        }
        long now = clock.millis();
        jdbi.useTransaction(h -> {
            var batch = h.prepareBatch(ENQUEUE);
            for (long subjectId : subjectIds) {
                batch.bind("kind", kind.name())
                        .bind("subjectId", subjectId)
                        .bind("payload", "")
                        .bind("maxAttempts", retryPolicies.apply(kind).maxAttempts())
                        .bind("now", now)
                        .add();
            }
            batch.execute();
        });
    }

    @Override
    public int enqueueIf(JobKind kind, List<Long> subjectIds, SubjectCondition condition) {
        if (subjectIds.isEmpty()) {
            return 0;
        }
        long now = clock.millis();
        String sql = ENQUEUE_IF.formatted(condition.sql(), ACTIVE, ACTIVE);
        return jdbi.inTransaction(h -> {
            var batch = h.prepareBatch(sql);
            for (long subjectId : subjectIds) {
                batch.bind("kind", kind.name())
                        .bind("subjectId", subjectId)
                        .bind("maxAttempts", retryPolicies.apply(kind).maxAttempts())
                        .bind("now", now)
                        .add();
            }
            return java.util.Arrays.stream(batch.execute()).sum();
        });
    }

    @Override
    public Optional<Job> claim(String workerId, Set<JobKind> kinds, Duration lease) {
        if (kinds.isEmpty()) {
            return Optional.empty();
        }
        long now = clock.millis();
        return jdbi.withHandle(h -> {
            h.createUpdate(FAIL_ABANDONED)
                    .bind("now", now)
                    .execute();
            return h.createQuery(claimSql)
                    .bindList("kinds", kinds.stream().map(Enum::name).toList())
                    .bind("owner", workerId)
                    .bind("leaseUntil", now + lease.toMillis())
                    .bind("now", now)
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
        return jdbi.withHandle(h -> {
            Optional<Job> held = held(h, jobId, workerId);
            if (held.isEmpty()) {
                return false;
            }
            Job job = held.get();
            boolean retry = !permanent && !job.lastAttempt();
            int changed = h.createUpdate(retry ? REQUEUE_AFTER_FAILURE : FAIL)
                    .bind("runAt", now + retryDelay(job).toMillis())
                    .bind("failure", (permanent ? FailureReason.PERMANENT : FailureReason.ERROR).name())
                    .bind("error", error)
                    .bind("now", now)
                    .bind("id", jobId)
                    .bind("owner", workerId)
                    .execute();
            return retry && changed == 1;
        });
    }

    @Override
    public Optional<Released> overran(long jobId, String workerId, String error, int maxOverruns) {
        long now = clock.millis();
        return jdbi.withHandle(h -> held(h, jobId, workerId).flatMap(job -> h.createQuery(OVERRAN)
                .bind("maxOverruns", maxOverruns)
                .bind("error", error)
                .bind("runAt", now + retryDelay(job).toMillis())
                .bind("now", now)
                .bind("id", jobId)
                .bind("owner", workerId)
                .map(RELEASED)
                .findOne()));
    }

    private static Optional<Job> held(Handle h, long jobId, String workerId) {
        return h.createQuery(HELD_JOB)
                .bind("id", jobId)
                .bind("owner", workerId)
                .map(JOB)
                .findOne();
    }

    private Duration retryDelay(Job job) {
        return retryPolicies.apply(job.kind()).delayAfter(Math.max(1, job.attempts()));
    }

    @Override
    public List<Released> releaseCrashed(String workerId, int maxCrashes, String cause) {
        long now = clock.millis();
        String prefix = workerId + "/";
        return jdbi.withHandle(h -> h.createQuery(RELEASE_CRASHED)
                .bind("maxCrashes", maxCrashes)
                .bind("setAsideError", "crashed its worker process " + maxCrashes + " times; last time: " + cause)
                .bind("releasedError", "its worker process died while running it: " + cause)
                .bind("now", now)
                .bind("prefixLength", prefix.length())
                .bind("prefix", prefix)
                .map(RELEASED)
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
    public int runWaitingNow(JobKind kind) {
        long now = clock.millis();
        return jdbi.withHandle(h -> h.createUpdate("UPDATE jobs SET run_at = :now "
                        + "WHERE kind = :kind AND status = 'queued' AND run_at > :now")
                .bind("now", now).bind("kind", kind.name()).execute());
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
    public int purgeDone(Duration olderThan) {
        long cutoff = clock.millis() - olderThan.toMillis();
        return jdbi.withHandle(h -> h.createUpdate(PURGE_DONE)
                .bind("cutoff", cutoff)
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
    public List<JobView> list(JobStatus status, int limit) {
        return jdbi.withHandle(h -> h.createQuery(LIST_BY_STATUS)
                .bind("status", status.code())
                .bind("limit", limit)
                .map(VIEW)
                .list());
    }

    @Override
    public Counts counts() {
        Map<JobStatus, Integer> byStatus = new EnumMap<>(JobStatus.class);
        jdbi.useHandle(h -> h.createQuery(COUNTS)
                .map((rs, ctx) -> Map.entry(JobStatus.of(rs.getString("status")), rs.getInt("n")))
                .forEach(e -> byStatus.put(e.getKey(), e.getValue())));
        return new Counts(byStatus.getOrDefault(JobStatus.QUEUED, 0), byStatus.getOrDefault(JobStatus.RUNNING, 0),
                byStatus.getOrDefault(JobStatus.DONE, 0), byStatus.getOrDefault(JobStatus.FAILED, 0));
    }
}
