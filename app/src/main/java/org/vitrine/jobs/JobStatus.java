package org.vitrine.jobs;

import java.util.Locale;

/** JobStatus is where a job stands in the queue; its {@link #code()} is what the jobs table stores. */
public enum JobStatus {
    /** Waiting until its run_at time, then claimable. */
    QUEUED,
    /** Claimed by a worker under a lease. */
    RUNNING,
    /** Finished; purged after the retention period. */
    DONE,
    /** Given up; kept (with its {@link FailureReason}) until an admin retries it. */
    FAILED;

    private final String code = name().toLowerCase(Locale.ROOT);

    /** The value in the jobs.status column (and the badge class on the admin page). */
    public String code() {
        return code;
    }

    public static JobStatus of(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
