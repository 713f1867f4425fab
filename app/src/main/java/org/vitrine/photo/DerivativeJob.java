package org.vitrine.photo;

import org.vitrine.jobs.FailureReason;
import org.vitrine.jobs.Job;
import org.vitrine.jobs.JobHandler;
import org.vitrine.jobs.PermanentJobFailure;
import org.vitrine.jobs.SetAsideHandler;
import org.vitrine.media.UnsupportedImageException;
import org.vitrine.storage.StorageException;

import java.io.IOException;

/**
 * DerivativeJob runs {@link DerivativeMaker} for the photo a job names, and keeps the photo's status in step
 * with the job: a photo whose job has given up shows as failed, with the reason, to its owner.
 */
public final class DerivativeJob implements JobHandler {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(DerivativeJob.class);
    private final DerivativeMaker maker;
    private final PhotoDao photos;
    private final PhotoLocator locator;

    public DerivativeJob(DerivativeMaker maker, PhotoDao photos) {
        this(maker, photos, PhotoLocator.NONE);
    }

    public DerivativeJob(DerivativeMaker maker, PhotoDao photos, PhotoLocator locator) {
        this.maker = maker;
        this.photos = photos;
        this.locator = locator;
    }

    @Override
    public long estimateBytes(Job job) throws IOException {
        return maker.estimatePeakBytes(job.subjectId());
    }

    @Override
    public void run(Job job) throws Exception {
        long photoId = job.subjectId();
        // A retried photo shows as processing again while it runs.
        photos.find(photoId).filter(p -> p.status() == PhotoStatus.FAILED)
                .ifPresent(p -> photos.markProcessing(photoId));
        locate(photoId);
        try {
            maker.make(photoId);
        } catch (UnsupportedImageException e) {
            // Kept, and tried again by a worker whose engine can decode it (App.retryPhotosThisEngineCanNowDecode).
            photos.markFailed(photoId, PhotoFailure.NO_ENGINE, "Not processed yet: " + e.getMessage());
            throw new PermanentJobFailure(e.getMessage());
        } catch (StorageException e) {
            // Disk full, permission, network: the image is fine and the next attempt, after a pause, may work.
            if (job.lastAttempt()) {
                photos.markFailed(photoId, PhotoFailure.STORAGE, "The sizes of this photo could not be stored after "
                        + job.attempts() + " attempts (" + storageReason(e) + "). The photo is kept; retry it once "
                        + "that is fixed.");
            }
            throw e;
        } catch (IOException e) {
            if (stoppedByTheWorker()) {
                throw e;
            }
            // The engine could not decode the file: the same bytes will fail the same way, so don't retry.
            String reason = "The image could not be decoded: " + e.getMessage();
            photos.markFailed(photoId, PhotoFailure.UNDECODABLE, reason);
            throw new PermanentJobFailure(reason);
        } catch (RuntimeException | Error e) {
            if (stoppedByTheWorker()) {
                throw e;
            }
            if (job.lastAttempt()) {
                photos.markFailed(photoId, PhotoFailure.ERROR, "Processing failed " + job.attempts() + " times: " + e);
            }
            throw e;
        }
    }

    /**
     * Before the sizes, so that a photo shows as ready with its place. A place name is a nicety: if it cannot be
     * worked out the photo is still processed (and named at its next processing).
     */
    private void locate(long photoId) {
        try {
            locator.locate(photoId);
        } catch (RuntimeException e) {
            log.warn("places: photo {} not named, processed without a place: {}", photoId, e.toString());
        }
    }

    private static String storageReason(StorageException e) {
        return switch (e.problem()) {
            case FULL -> "the server's disk is full";
            case DENIED -> "the server may not write to its storage";
            case MISSING -> "the original file is missing from storage";
            case UNAVAILABLE -> "the storage did not answer";
            case CORRUPT -> "the original file in storage does not match its checksum";
        };
    }

    /** A job interrupted at its time limit failed for that reason, recorded by the worker, not for this one. */
    private static boolean stoppedByTheWorker() {
        return Thread.currentThread().isInterrupted();
    }

    @Override
    public void onSetAside(Job job, FailureReason reason, int times) {
        whenSetAside(photos).onSetAside(job, reason, times);
    }

    /**
     * What a photo shows once its job is set aside, for the supervisor in the web process (which has no image
     * engine, so no DerivativeJob) as for the worker.
     */
    public static SetAsideHandler whenSetAside(PhotoDao photos) {
        return (job, reason, times) -> {
            if (reason == FailureReason.TIMED_OUT) {
                photos.markFailed(job.subjectId(), PhotoFailure.TIMED_OUT, "Processing this photo took longer than "
                        + "its time limit " + times + " times (it may be damaged or built to be slow to decode). It is "
                        + "kept; an admin can retry it.");
            } else {
                photos.markFailed(job.subjectId(), PhotoFailure.CRASHED_WORKER, "This photo crashed the image worker "
                        + times + " times (it may be too large for the worker's memory, VITRINE_WORKER_MEMORY_MB, or "
                        + "damaged). It is kept; an admin can retry it.");
            }
        };
    }
}
