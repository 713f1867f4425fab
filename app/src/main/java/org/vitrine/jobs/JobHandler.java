package org.vitrine.jobs;

/**
 * JobHandler does the work of one kind of job. It must be idempotent: a job whose worker died is run again.
 * Throwing {@link PermanentJobFailure} fails the job at once; any other exception is retried later.
 */
@FunctionalInterface
public interface JobHandler {
    void run(Job job) throws Exception;

    /**
     * The job's estimated peak memory in bytes, from cheap facts (database row, file header), read before the
     * job is admitted under the worker's {@link MemoryBudget}. Zero when the job needs little.
     */
    default long estimateBytes(Job job) throws Exception {
        return 0;
    }
}
