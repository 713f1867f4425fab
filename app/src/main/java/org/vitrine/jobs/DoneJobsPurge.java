package org.vitrine.jobs;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * DoneJobsPurge deletes done jobs older than the retention period, once at start and then every hour, so the
 * jobs table grows with the work waiting and failed, not with everything ever done. Failed jobs are kept.
 */
public final class DoneJobsPurge implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DoneJobsPurge.class);

    private final JobQueue queue;
    private final Duration retention;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("jobs-purge").daemon().factory());

    public DoneJobsPurge(JobQueue queue, Duration retention) {
        this.queue = queue;
        this.retention = retention;
    }

    public DoneJobsPurge start(Duration every) {
        timer.scheduleWithFixedDelay(this::purge, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    private void purge() {
        try {
            int purged = queue.purgeDone(retention);
            if (purged > 0) {
                log.info("jobs: purged {} jobs done more than {} days ago", purged, retention.toDays());
            }
        } catch (RuntimeException e) {
            // An exception would cancel the schedule; the next run purges what this one could not.
            log.warn("jobs: cannot purge done jobs now: {}", e.toString());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
