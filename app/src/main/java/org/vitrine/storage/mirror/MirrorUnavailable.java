package org.vitrine.storage.mirror;

import org.vitrine.storage.StorageException;

/**
 * MirrorUnavailable fails a mirror job's attempt because the cloud did not do its part (down, refusing, full): the
 * job is retried. It carries the storage error's message (operation, key, status; never credentials) and no stack
 * trace, so that an outage of hours logs one line per attempt rather than pages of frames.
 */
final class MirrorUnavailable extends Exception {
    MirrorUnavailable(StorageException e) {
        super(e.getMessage(), null, false, false);
    }
}
