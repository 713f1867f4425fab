package org.vitrine.jobs;

/**
 * JobHandler does the work of one kind of job. It must be idempotent: a job whose worker died is run again.
 * Throwing {@link PermanentJobFailure} fails the job at once; any other exception is retried later.
 */
@FunctionalInterface
public interface JobHandler {
    void run(Job job) throws Exception;
}
