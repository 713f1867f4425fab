package org.vitrine.jobs;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * JobQueue is the durable queue of background work, kept in the database so it survives restarts.
 * A worker claims a job with a lease; a job whose lease runs out (its worker died) is claimed again.
 */
public interface JobQueue {
    /** The longest payload, in UTF-8 bytes: jobs carry ids and small arguments, never data. */
    int MAX_PAYLOAD_BYTES = 1000;

    /** Adds a job without payload, unless the same kind is already waiting or running for the subject. */
    default void enqueue(JobKind kind, long subjectId) {
        enqueue(kind, subjectId, "");
    }

    /** Adds jobs without payload for many subjects in one transaction (start-up recovery pages through photos). */
    void enqueue(JobKind kind, List<Long> subjectIds);

    /**
     * Adds jobs without payload for those of these subjects that still meet {@code condition} and have no job of
     * this kind waiting or running, each checked and added in one statement. Recovery reads its subjects first; a
     * subject finished (and its job done) after that read is not queued again. Returns how many jobs were added.
     */
    int enqueueIf(JobKind kind, List<Long> subjectIds, SubjectCondition condition);

    /**
     * Adds a job unless one of the same kind, subject and payload is already waiting or running: the same payload
     * twice is one job, two different payloads for one subject (e.g. copies to two stores) are two jobs.
     *
     * @param payload a small text (e.g. JSON) of at most {@link #MAX_PAYLOAD_BYTES} bytes; empty for none
     * @throws IllegalArgumentException when the payload is longer
     */
    void enqueue(JobKind kind, long subjectId, String payload);

    /**
     * Takes the next due job of one of these kinds for this worker, or empty when none is due. Never gives one job
     * to two workers.
     */
    Optional<Job> claim(String workerId, Set<JobKind> kinds, Duration lease);

    /** Extends the lease of a running job; false when the worker no longer holds it. */
    boolean heartbeat(long jobId, String workerId, Duration lease);

    /** Marks the job done; false when the worker no longer holds it, so its result was not recorded. */
    boolean complete(long jobId, String workerId);

    /**
     * Records a failure: the job is retried later with a growing delay (its kind's {@link RetryPolicy}), or marked
     * failed for good once it has used its attempts ({@link FailureReason#ERROR}) or when {@code permanent} is true
     * ({@link FailureReason#PERMANENT}).
     *
     * @return true when the job will be retried
     */
    boolean fail(long jobId, String workerId, String error, boolean permanent);

    /**
     * Records that the job overran its time limit and takes it from the worker: it is queued again after its retry
     * delay, or, once it has overrun {@code maxOverruns} times (or used its attempts), set aside as
     * {@link FailureReason#TIMED_OUT}. Empty when the worker no longer holds the job.
     */
    Optional<Released> overran(long jobId, String workerId, String error, int maxOverruns);

    /**
     * Releases at once every job running under {@code workerId} (lease owners {@code workerId/...}) after its
     * process died, counting one crash on each: it goes back in the queue, or, once it has crashed the worker
     * {@code maxCrashes} times, it is set aside as {@link FailureReason#CRASHED}, not retried automatically.
     *
     * @param cause how the process died, for the job's error
     */
    List<Released> releaseCrashed(String workerId, int maxCrashes, String cause);

    /** Puts a failed job back in the queue, with fresh attempts and no crashes or overruns counted. */
    boolean retry(long jobId);

    /** Puts every failed job of this kind back in the queue (e.g. once a new engine can decode them). */
    int retryAllFailed(JobKind kind);

    /**
     * Makes every queued job of this kind that waits for its retry delay due now: the service it waited for is
     * back (a cloud store answers again), so the backlog need not sit out the rest of its backoff. Attempts are
     * kept. Returns how many jobs were hurried.
     */
    int runWaitingNow(JobKind kind);

    /** Deletes done jobs last changed before {@code olderThan} ago; failed ones stay. Returns how many. */
    int purgeDone(Duration olderThan);

    /** Jobs of any status for the admin page and {@code vitrine jobs}, most recently changed first. */
    List<JobView> list(int limit);

    /** Jobs in one status, most recently changed first, however many jobs of other statuses ran since. */
    List<JobView> list(JobStatus status, int limit);

    /** How many jobs are in each status. */
    Counts counts();

    /** A job as shown to the admin; {@code failure} is null unless the job failed. */
    record JobView(long id, JobKind kind, long subjectId, String payload, JobStatus status, int attempts, long runAt,
                   String leaseOwner, String lastError, FailureReason failure, long updatedAt) {
    }

    /**
     * A job taken from a worker by {@link #releaseCrashed} or {@link #overran}: how often that happened to it
     * ({@code times}), and whether it was now set aside as failed.
     */
    record Released(Job job, int times, boolean setAside) {
    }

    record Counts(int queued, int running, int done, int failed) {
    }
}
