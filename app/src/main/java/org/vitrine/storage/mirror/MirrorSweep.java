package org.vitrine.storage.mirror;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vitrine.jobs.JobKind;
import org.vitrine.jobs.JobQueue;
import org.vitrine.storage.BlobStore;
import org.vitrine.storage.StorageException;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * MirrorSweep queues the mirror's work from the database, in the web process: a copy job for each photo waiting
 * for the mirror, a deletion job for each copy whose blob is gone. Uploads and deletions need no hook of their own
 * (an upload never waits for it), a job lost with a crash is queued again, and whatever removes a photo (delete,
 * empty trash, the unused-file collector) propagates the same way. New photos are looked for every few seconds,
 * by id past the newest seen (an index range, cheap however many photos there are); the whole library, with the
 * deletions, less often.
 */
public final class MirrorSweep implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MirrorSweep.class);
    private static final int PAGE = 500;

    /** A key no blob has: asking for it tells whether the cloud answers, at the price of one small request. */
    static final String PROBE_KEY = "originals/00/vitrine-mirror-probe";

    private final MirroredBlobs record;
    private final BlobStore cloud;
    private final JobQueue jobs;
    private final Runnable wakeWorkers;
    private ScheduledExecutorService timer;
    private volatile long newestSeen;

    MirrorSweep(MirroredBlobs record, BlobStore cloud, JobQueue jobs, Runnable wakeWorkers) {
        this.record = record;
        this.cloud = cloud;
        this.jobs = jobs;
        this.wakeWorkers = wakeWorkers;
    }

    /** Queues every copy and deletion missing now; returns how many it queued. */
    public synchronized int sweep() {
        long settled = record.settledPhotoId();
        int queued = queueCopies(0);
        newestSeen = Math.max(newestSeen, settled);
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

    /**
     * Queues the copies of the photos uploaded since the last look; returns how many it queued (or hurried).
     * While the mirror is failing it also asks the cloud whether it answers again: once it does, the copies waiting
     * out their retry delay run at once, so the backlog drains within seconds of the cloud's return.
     */
    public synchronized int sweepNew() {
        long settled = record.settledPhotoId();
        int queued = queueCopies(newestSeen) + hurryIfBack();
        newestSeen = Math.max(newestSeen, settled);
        if (queued > 0) {
            wakeWorkers.run();
        }
        return queued;
    }

    private int hurryIfBack() {
        if (!record.failing()) {
            return 0;
        }
        try {
            cloud.stat(PROBE_KEY);
        } catch (StorageException e) {
            return 0; // still down (or refusing): the jobs keep their backoff
        }
        return jobs.runWaitingNow(JobKind.MIRROR_COPY) + jobs.runWaitingNow(JobKind.MIRROR_DELETE);
    }

    private int queueCopies(long afterId) {
        int queued = 0;
        for (List<Long> page = record.photosToQueue(afterId, PAGE); !page.isEmpty();
             page = record.photosToQueue(page.getLast(), PAGE)) {
            for (long photoId : page) {
                jobs.enqueue(JobKind.MIRROR_COPY, photoId, record.store());
            }
            queued += page.size();
        }
        return queued;
    }

    /** Looks for new photos every {@code often} and through everything every {@code rarely}. */
    MirrorSweep start(Duration often, Duration rarely) {
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("mirror-sweep").daemon()
                .factory());
        timer.scheduleWithFixedDelay(() -> run(this::sweep), 0, rarely.toMillis(), TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(() -> run(this::sweepNew), often.toMillis(), often.toMillis(),
                TimeUnit.MILLISECONDS);
        return this;
    }

    private static void run(java.util.function.IntSupplier pass) {
        try {
            pass.getAsInt();
        } catch (RuntimeException e) {
            log.warn("mirror: could not queue the copies, trying again shortly: {}", e.toString());
        }
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
