package org.vitrine.jobs;

/**
 * PermanentJobFailure is thrown by a {@link JobHandler} when trying again cannot help (e.g. the photo is
 * gone or its format cannot be decoded), so the job is marked failed without further attempts.
 */
public class PermanentJobFailure extends Exception {
    public PermanentJobFailure(String message) {
        super(message);
    }

    public PermanentJobFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
