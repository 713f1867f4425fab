package org.vitrine.storage.mirror;

import org.jdbi.v3.core.Jdbi;
import org.vitrine.config.Config;
import org.vitrine.jobs.JobHandler;
import org.vitrine.jobs.JobKind;
import org.vitrine.jobs.JobQueue;
import org.vitrine.storage.BlobStore;
import org.vitrine.storage.BlobStores;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Mirror is mirror mode (VITRINE_MIRROR): the local disk stays the store the site reads and writes, and a cloud
 * store keeps a copy of every original (and of every size, with VITRINE_MIRROR_DERIVATIVES), made by background
 * jobs so that an upload never waits for the cloud and a cloud that is down costs only a backlog.
 */
public final class Mirror {
    /** How often the web process looks for new photos to copy. */
    public static final Duration NEW_PHOTOS_EVERY = Duration.ofSeconds(3);
    /** How often it goes through every photo (copies that failed for good, lost jobs) and every deletion. */
    public static final Duration EVERYTHING_EVERY = Duration.ofMinutes(5);

    private final MirroredBlobs record;
    private final BlobStore cloud;
    private final MirrorCopier copier;
    private final Clock clock;

    private Mirror(MirroredBlobs record, BlobStore cloud, MirrorCopier copier, Clock clock) {
        this.record = record;
        this.cloud = cloud;
        this.copier = copier;
        this.clock = clock;
    }

    /** The mirror the configuration asks for beside the local store, or empty (VITRINE_MIRROR=none). */
    public static Optional<Mirror> open(Config config, BlobStore local, Jdbi jdbi, Clock clock, Path scratchDir) {
        return BlobStores.mirror(config).map(cloud -> {
            var record = new MirroredBlobs(jdbi, config.mirror().name().toLowerCase(java.util.Locale.ROOT),
                    config.mirrorsDerivatives());
            return new Mirror(record, cloud, new MirrorCopier(record, local, cloud, scratchDir, clock), clock);
        });
    }

    /** The job handlers a worker needs to do the mirror's work (taking jobs from {@code jobs}). */
    public Map<JobKind, JobHandler> handlers(JobQueue jobs) {
        return Map.of(JobKind.MIRROR_COPY, new MirrorCopyJob(record, copier, jobs, clock),
                JobKind.MIRROR_DELETE, new MirrorDeleteJob(record, cloud, clock));
    }

    /** Starts queueing the mirror's work in the background (close the sweep to stop). */
    public MirrorSweep startSweeping(JobQueue jobs, Runnable wakeWorkers) {
        return new MirrorSweep(record, cloud, jobs, wakeWorkers).start(NEW_PHOTOS_EVERY, EVERYTHING_EVERY);
    }

    /** A sweep to run by hand (tests, a command): queues every copy and deletion missing now. */
    public MirrorSweep sweep(JobQueue jobs, Runnable wakeWorkers) {
        return new MirrorSweep(record, cloud, jobs, wakeWorkers);
    }

    public MirrorStatus status() {
        var state = record.state();
        return new MirrorStatus(record.store(), record.backlog(),
                record.oldestWaiting().map(o -> new MirrorStatus.Waiting(o.photoId(), o.albumTitle(), o.uploadedAt())),
                record.copies(), state.lastError(), state.lastErrorAt(), state.lastSuccessAt(), state.failing());
    }

    /**
     * The local store as the site should use it in mirror mode: a blob missing from the disk is fetched back
     * from the mirror when read.
     */
    public BlobStore repairing(BlobStore local) {
        return new RepairingLocalStore(local, record, copier);
    }

    /** The check of the cloud copies, for {@code vitrine storage verify}. */
    public MirrorCheck check() {
        return new MirrorCheck(record, cloud, copier);
    }

    public String store() {
        return record.store();
    }
}
