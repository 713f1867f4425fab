package org.vitrine.storage.mirror;

import org.vitrine.jobs.Job;
import org.vitrine.jobs.JobHandler;
import org.vitrine.storage.BlobStore;
import org.vitrine.storage.StorageException;

import java.time.Clock;

/**
 * MirrorDeleteJob removes from the cloud the copy of a blob that the site has removed for good (its photo
 * deleted and its file gone); the payload is the store and the key. A blob used again meanwhile (the same photo
 * uploaded once more) keeps its copy.
 */
final class MirrorDeleteJob implements JobHandler {
    private final MirroredBlobs record;
    private final BlobStore cloud;
    private final Clock clock;

    MirrorDeleteJob(MirroredBlobs record, BlobStore cloud, Clock clock) {
        this.record = record;
        this.cloud = cloud;
        this.clock = clock;
    }

    /** The payload of the job that deletes {@code key} from {@code store}. */
    static String payload(String store, String key) {
        return store + " " + key;
    }

    @Override
    public void run(Job job) throws Exception {
        int space = job.payload().indexOf(' ');
        if (space < 0 || !job.payload().substring(0, space).equals(record.store())) {
            return; // for the other cloud, before VITRINE_MIRROR changed
        }
        String key = job.payload().substring(space + 1);
        if (record.inUse(key)) {
            return;
        }
        try {
            cloud.delete(key);
        } catch (StorageException e) {
            record.recordError(MirrorErrors.describe(e.problem()), clock.millis());
            throw new MirrorUnavailable(e);
        }
        record.forget(key);
    }
}
