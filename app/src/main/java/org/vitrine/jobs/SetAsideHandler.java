package org.vitrine.jobs;

/**
 * SetAsideHandler is told when a job of its kind is set aside, i.e. failed and not retried automatically because
 * it crashed its worker process or overran its time limit too often, so the job's subject can show why
 * (e.g. the photo is marked failed with a reason its owner understands).
 *
 * <p>Every {@link JobHandler} is one. The supervisor in the web process, which loads no image engine and so has no
 * handlers, is given these alone.
 */
@FunctionalInterface
public interface SetAsideHandler {
    /**
     * @param reason {@link FailureReason#CRASHED} or {@link FailureReason#TIMED_OUT}
     * @param times  how often it crashed or overran
     */
    void onSetAside(Job job, FailureReason reason, int times);
}
