package org.vitrine.storage.mirror;

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
 * MirrorSweep queues the mirror's work from the database, every few seconds, in the web process: a copy job for
 * each photo waiting for the mirror, a deletion job for each copy whose blob is gone. Uploads and deletions need
 * no hook of their own (an upload never waits for it), a job lost with a crash is queued again, and whatever
 * removes a photo (delete, empty trash, the unused-file collector) propagates the same way.
 */
public final class MirrorSweep implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MirrorSweep.class);
    private static final int PAGE = 500;

    private final MirroredBlobs record;
    private final JobQueue jobs;
    private final Runnable wakeWorkers;
    private ScheduledExecutorService timer;

    MirrorSweep(MirroredBlobs record, JobQueue jobs, Runnable wakeWorkers) {
        this.record = record;
        this.jobs = jobs;
        this.wakeWorkers = wakeWorkers;
    }

    /** Queues the jobs missing now; returns how many it queued. */
    public int sweep() {
        int queued = 0;
        for (List<Long> page = record.photosToQueue(0, PAGE); !page.isEmpty();
             page = record.photosToQueue(page.getLast(), PAGE)) {
            for (long photoId : page) {
                jobs.enqueue(JobKind.MIRROR_COPY, photoId, record.store());
            }
            queued += page.size();
        }
        for (List<String> page = record.removedToQueue(PAGE); !page.isEmpty(); page = record.removedToQueue(PAGE)) {
            for (String key : page) {
                jobs.enqueue(JobKind.MIRROR_DELETE, 0, MirrorDeleteJob.payload(record.store(), key));
            }
            queued += page.size();
        }
        if (queued > 0) {
            wakeWorkers.run();
        }
        return queued;
    }

    MirrorSweep start(Duration every) {
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("mirror-sweep").daemon()
                .factory());
        timer.scheduleWithFixedDelay(() -> {
            try {
                sweep();
            } catch (RuntimeException e) {
                log.warn("mirror: could not queue the copies, trying again shortly: {}", e.toString());
            }
        }, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
