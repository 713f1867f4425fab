package org.vitrine.jobs;

/**
 * FailureReason says why a job ended failed, as a field code can act on; the job's error text is for people.
 */
public enum FailureReason {
    /** The handler threw on the job's last attempt. */
    ERROR,
    /** The handler said trying again cannot help ({@link PermanentJobFailure}). */
    PERMANENT,
    /** Its worker stopped (the lease ran out) on every attempt. */
    ABANDONED,
    /** Set aside: the worker process died while running it {@link WorkerSupervisor#MAX_CRASHES} times. */
    CRASHED,
    /** Set aside: it overran its time limit {@link JobWorker#MAX_OVERRUNS} times. */
    TIMED_OUT;

    /** Whether the job was set aside for hurting its worker, rather than failing by itself. */
    public boolean setAside() {
        return this == CRASHED || this == TIMED_OUT;
    }
}
