package org.vitrine.photo;

import org.vitrine.jobs.Job;
import org.vitrine.jobs.JobHandler;
import org.vitrine.jobs.PermanentJobFailure;
import org.vitrine.jobs.RetryPolicy;
import org.vitrine.media.UnsupportedImageException;

import java.io.IOException;

/**
 * DerivativeJob runs {@link DerivativeMaker} for the photo a job names, and keeps the photo's status in step
 * with the job: a photo whose job has given up shows as failed, with the reason, to its owner.
 */
public final class DerivativeJob implements JobHandler {
    private final DerivativeMaker maker;
    private final PhotoDao photos;

    public DerivativeJob(DerivativeMaker maker, PhotoDao photos) {
        this.maker = maker;
        this.photos = photos;
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
                .ifPresent(p -> photos.setStatus(photoId, PhotoStatus.PROCESSING, null));
        try {
            maker.make(photoId);
        } catch (UnsupportedImageException e) {
            maker.markFailed(photoId, Photo.WAITING_FOR_AN_ENGINE + e.getMessage());
            throw new PermanentJobFailure(e.getMessage());
        } catch (IOException e) {
            // The engine could not decode the file: the same bytes will fail the same way, so don't retry.
            String reason = "The image could not be decoded: " + e.getMessage();
            maker.markFailed(photoId, reason);
            throw new PermanentJobFailure(reason);
        } catch (RuntimeException | Error e) {
            if (!RetryPolicy.DEFAULT.retries(job.attempts())) {
                maker.markFailed(photoId, "Processing failed " + job.attempts() + " times: " + e);
            }
            throw e;
        }
    }
}
