package org.vitrine.jobs;

/**
 * JobHandler does the work of one kind of job. It must be idempotent: a job whose worker died is run again.
 * Throwing {@link PermanentJobFailure} fails the job at once; any other exception is retried later.
 */
@FunctionalInterface
public interface JobHandler extends SetAsideHandler {
    void run(Job job) throws Exception;

    /**
     * The job's estimated peak memory in bytes, from cheap facts (database row, file header), read before the
     * job is admitted under the worker's {@link MemoryBudget}. It also sets the job's time limit (see
     * {@link TimeLimits}): a job that needs more memory handles more pixels. Zero when the job needs little.
     */
    default long estimateBytes(Job job) throws Exception {
        return 0;
    }

    /**
     * The job's time limit, given the one its memory estimate sets ({@code fromEstimate}): a job that waits on a
     * network rather than decoding pixels (a copy to the cloud) allows for its transfer. By default, the estimate's.
     */
    default java.time.Duration timeLimit(Job job, java.time.Duration fromEstimate) {
        return fromEstimate;
    }

    /** Nothing to record by default: the job's row already says why it was set aside. */
    @Override
    default void onSetAside(Job job, FailureReason reason, int times) {
    }
}
