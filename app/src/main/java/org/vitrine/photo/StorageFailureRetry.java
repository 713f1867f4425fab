package org.vitrine.photo;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vitrine.jobs.JobKind;
import org.vitrine.jobs.JobQueue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * StorageFailureRetry queues again, now and then, the photos whose sizes could not be stored (a full disk, a store
 * that did not answer) once their job had used its attempts. Such a failure says nothing about the photo: once
 * space is freed or the store is back, the photo becomes ready without anyone pressing Retry.
 */
public final class StorageFailureRetry implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StorageFailureRetry.class);
    private static final int PAGE = 500;

    private final PhotoDao photos;
    private final JobQueue jobs;
    private final Runnable wakeWorker;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("photos-storage-retry").daemon().factory());

    public StorageFailureRetry(PhotoDao photos, JobQueue jobs, Runnable wakeWorker) {
        this.photos = photos;
        this.jobs = jobs;
        this.wakeWorker = wakeWorker;
    }

    /** Retries at once, then every {@code every}. */
    public StorageFailureRetry start(Duration every) {
        timer.scheduleWithFixedDelay(this::retrySafely, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Queues every photo failed on storage again; how many were queued. */
    public long retry() {
        long queued = 0;
        List<Long> page = photos.idsFailedWith(PhotoFailure.STORAGE, 0, PAGE);
        while (!page.isEmpty()) {
            photos.markProcessingIfFailedWith(PhotoFailure.STORAGE, page);
            queued += jobs.enqueueIf(JobKind.DERIVATIVES, page, PhotoDao.STILL_PROCESSING);
            page = photos.idsFailedWith(PhotoFailure.STORAGE, page.getLast(), PAGE);
        }
        if (queued > 0) {
            log.info("photos: queued {} photos whose sizes could not be stored earlier", queued);
            wakeWorker.run();
        }
        return queued;
    }

    private void retrySafely() {
        try {
            retry();
        } catch (RuntimeException e) {
            // An exception would cancel the schedule; the next run retries what this one could not.
            log.warn("photos: cannot retry photos failed on storage now: {}", e.toString());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
