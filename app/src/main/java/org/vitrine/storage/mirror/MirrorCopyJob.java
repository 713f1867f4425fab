package org.vitrine.storage.mirror;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vitrine.jobs.Job;
import org.vitrine.jobs.JobHandler;
import org.vitrine.jobs.JobKind;
import org.vitrine.jobs.JobQueue;
import org.vitrine.jobs.PermanentJobFailure;
import org.vitrine.storage.StorageException;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * MirrorCopyJob copies a photo's original, and its sizes when those are mirrored, to the cloud. A cloud that does
 * not answer fails the attempt, which is retried until it is back ({@link org.vitrine.jobs.RetryPolicy#UNTIL_BACK});
 * a local original that is missing or damaged fails it for good, since only a repair can help (the owner sees
 * it on the admin page and {@code vitrine storage verify} names it). Every outcome sets the mirror's last error or
 * success, in words without internals.
 */
final class MirrorCopyJob implements JobHandler {
    private static final Logger log = LoggerFactory.getLogger(MirrorCopyJob.class);

    /** Bytes per second that even a slow connection uploads. */
    static final long SLOWEST_UPLOAD = 256 * 1024;
    static final Duration LONGEST_COPY = Duration.ofHours(3);

    private final MirroredBlobs record;
    private final MirrorCopier copier;
    private final JobQueue jobs;
    private final Clock clock;

    MirrorCopyJob(MirroredBlobs record, MirrorCopier copier, JobQueue jobs, Clock clock) {
        this.record = record;
        this.copier = copier;
        this.jobs = jobs;
        this.clock = clock;
    }

    /**
     * Time for the transfer on top of the usual limit: the photo's bytes at {@link #SLOWEST_UPLOAD} (a slow home
     * uplink), at most {@link #LONGEST_COPY}; a large original on a slow line would otherwise overrun every time.
     */
    @Override
    public Duration timeLimit(Job job, Duration fromEstimate) {
        try {
            long seconds = record.bytesToCopy(job.subjectId()) / SLOWEST_UPLOAD;
            Duration limit = fromEstimate.plusSeconds(seconds);
            return limit.compareTo(LONGEST_COPY) > 0 ? LONGEST_COPY : limit;
        } catch (RuntimeException e) {
            return fromEstimate; // the database is unreachable: the job itself will report it
        }
    }

    @Override
    public void run(Job job) throws Exception {
        if (!job.payload().equals(record.store())) {
            return; // queued for the other cloud before VITRINE_MIRROR changed: the sweep queues this one's
        }
        var photo = record.photo(job.subjectId());
        if (photo.isEmpty()) {
            return; // deleted since: nothing to mirror
        }
        try {
            copier.toCloud(photo.get().originalKey(), Optional.of(photo.get().sha256()));
            if (record.derivatives()) {
                for (String key : photo.get().derivativeKeys()) {
                    copier.toCloud(key, Optional.empty());
                }
            }
        } catch (StorageException e) {
            record.recordError(MirrorErrors.describe(e.problem()), clock.millis());
            if (record.photo(job.subjectId()).isEmpty()) {
                return; // deleted while it was copied: its files went with it
            }
            if (e.problem() == StorageException.Problem.CORRUPT || e.problem() == StorageException.Problem.MISSING) {
                log.warn("mirror: photo {} cannot be mirrored: {}", job.subjectId(), e.getMessage());
                throw new PermanentJobFailure("the local file is missing or damaged; run vitrine storage verify", e);
            }
            throw new MirrorUnavailable(e);
        }
        boolean wasFailing = record.failing();
        record.recordSuccess(clock.millis());
        if (wasFailing) {
            // The cloud answers again: the copies waiting out their retry delay need not wait any longer.
            jobs.runWaitingNow(JobKind.MIRROR_COPY);
            jobs.runWaitingNow(JobKind.MIRROR_DELETE);
        }
    }
}
