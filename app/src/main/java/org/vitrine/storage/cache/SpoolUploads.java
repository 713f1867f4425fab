package org.vitrine.storage.cache;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vitrine.jobs.Job;
import org.vitrine.jobs.JobHandler;
import org.vitrine.jobs.JobKind;
import org.vitrine.jobs.JobQueue;
import org.vitrine.jobs.JobWorker;
import org.vitrine.jobs.MemoryBudget;
import org.vitrine.jobs.TimeLimits;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * SpoolUploads sends what waits in the spool of a {@link CloudPrimaryStore} to the cloud: one durable
 * {@link JobKind#CLOUD_UPLOAD} job per blob (its key the payload), retried until the cloud takes it. They run on
 * a small worker of their own in the process that holds the spool, so a slow cloud never delays the processing
 * of photos, and photos never delay uploads.
 */
public final class SpoolUploads implements CloudPrimaryStore.SendLater, JobHandler, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SpoolUploads.class);
    /** Blobs sent at the same time. */
    static final int THREADS = 2;
    /** How often the spool is looked through for blobs whose job was lost or gave up. */
    static final Duration REQUEUE_EVERY = Duration.ofHours(1);

    private final JobQueue jobs;
    private volatile CloudPrimaryStore store;
    private volatile JobWorker worker;
    private ScheduledExecutorService requeueing;

    public SpoolUploads(JobQueue jobs) {
        this.jobs = jobs;
    }

    /**
     * Queues the blob's upload (a blob already queued is not queued twice) and wakes this process's sender. The
     * spool is the durable record: a job that cannot be queued now (the database busy, e.g. a put made inside
     * another transaction) is queued by the next look through the spool, and the put still succeeds.
     */
    @Override
    public void send(String key) {
        try {
            jobs.enqueue(JobKind.CLOUD_UPLOAD, 0, key);
        } catch (RuntimeException e) {
            log.warn("storage: {} is spooled; its upload will be queued within {} ({})", key, REQUEUE_EVERY,
                    e.toString());
            return;
        }
        JobWorker running = worker;
        if (running != null) {
            running.wake();
        }
    }

    /**
     * Queues every blob in the spool now and every hour (the process may have stopped between spooling one and
     * queueing it, or its job may have given up after a day of outage) and starts sending them.
     */
    public void start(CloudPrimaryStore store, Duration lease) {
        this.store = store;
        requeue();
        requeueing = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("spool-requeue").factory());
        requeueing.scheduleWithFixedDelay(this::requeue, REQUEUE_EVERY.toMinutes(), REQUEUE_EVERY.toMinutes(),
                TimeUnit.MINUTES);
        // A large original over a slow link may take long: the limit is for a send that hangs, which the cloud
        // client's own time-outs end sooner anyway. (Image jobs' limits grow with their pixels, not file sizes.)
        var options = new JobWorker.Options(THREADS, Duration.ofMillis(500), lease, Duration.ofSeconds(10))
                .withTimeLimits(TimeLimits.fixed(Duration.ofHours(1)));
        worker = new JobWorker(JobWorker.newId() + "-uploads", jobs, Map.of(JobKind.CLOUD_UPLOAD, this), options,
                MemoryBudget.ofHeap(), null);
        worker.start();
    }

    /** Queues a job for every spooled blob that has none waiting (the queue adds none twice). */
    private void requeue() {
        try (var waiting = store.spooled()) {
            long queued = waiting.peek(key -> jobs.enqueue(JobKind.CLOUD_UPLOAD, 0, key)).count();
            if (queued > 0) {
                log.info("storage: {} blobs wait in the spool to be sent to the cloud", queued);
            }
        } catch (java.io.IOException | RuntimeException e) {
            log.warn("storage: could not look through the spool, trying again later: {}", e.toString());
        }
    }

    @Override
    public void run(Job job) throws Exception {
        store.send(job.payload());
    }

    @Override
    public void close() {
        if (requeueing != null) {
            requeueing.shutdownNow();
        }
        JobWorker running = worker;
        if (running != null) {
            running.close();
        }
    }
}
