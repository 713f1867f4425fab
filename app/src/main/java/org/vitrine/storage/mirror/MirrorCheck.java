package org.vitrine.storage.mirror;

import org.vitrine.photo.StorageCheck.Fault;
import org.vitrine.photo.StorageCheck.Problem;
import org.vitrine.storage.BlobStore;
import org.vitrine.storage.StorageException;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * MirrorCheck is {@code vitrine storage verify} for the mirror: every blob recorded as copied must be in the cloud
 * with the right checksum (originals are read again and hashed, which a cloud bills as downloads); photos still
 * waiting for their copy are counted, not faults. With {@code --fix} it repairs each store from the other: a
 * local original missing or damaged is restored from a good cloud copy, a cloud copy missing or damaged is
 * replaced from a good local file. Neither copy is trusted without hashing it first.
 */
public final class MirrorCheck {
    private static final int PAGE = 200;

    private final MirroredBlobs record;
    private final BlobStore cloud;
    private final MirrorCopier copier;

    MirrorCheck(MirroredBlobs record, BlobStore cloud, MirrorCopier copier) {
        this.record = record;
        this.cloud = cloud;
        this.copier = copier;
    }

    /** Blobs checked in the cloud, blobs still waiting for a copy, and what is wrong with the copies. */
    public record Report(String store, int checked, int waiting, List<Problem> problems) {
        public boolean healthy() {
            return problems.isEmpty();
        }
    }

    /** A repair made, or one that could not be made and why. */
    public record Repair(String key, String where, boolean done, String detail) {
    }

    public Report check() throws StorageException {
        int checked = 0;
        int waiting = 0;
        List<Problem> problems = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        long after = 0;
        for (var page = record.photos(after, PAGE); !page.isEmpty(); page = record.photos(after, PAGE)) {
            for (var photo : page) {
                if (seen.add(photo.originalKey())) {
                    var copy = record.copy(photo.originalKey());
                    if (copy.isEmpty()) {
                        waiting++;
                    } else {
                        checked++;
                        checkOriginal(photo.originalKey(), photo.sha256()).ifPresent(f -> problems.add(
                                new Problem(f, "original", photo.photoId(), photo.albumTitle(), photo.originalKey())));
                    }
                }
                for (String key : photo.derivativeKeys()) {
                    var copy = record.copy(key);
                    if (copy.isEmpty()) {
                        waiting++;
                        continue;
                    }
                    checked++;
                    var info = cloud.stat(key);
                    if (info.isEmpty()) {
                        problems.add(new Problem(Fault.MISSING, "size", photo.photoId(), photo.albumTitle(), key));
                    } else if (!info.get().sha256().equals(Optional.of(copy.get().sha256()))) {
                        problems.add(new Problem(Fault.CORRUPT, "size", photo.photoId(), photo.albumTitle(), key));
                    }
                }
            }
            after = page.getLast().photoId();
        }
        return new Report(record.store(), checked, waiting, List.copyOf(problems));
    }

    private Optional<Fault> checkOriginal(String key, String sha256) throws StorageException {
        var info = cloud.stat(key);
        if (info.isEmpty()) {
            return Optional.of(Fault.MISSING);
        }
        if (info.get().sha256().isPresent() && !info.get().sha256().get().equals(sha256)) {
            return Optional.of(Fault.CORRUPT);
        }
        Optional<InputStream> opened = cloud.open(key);
        if (opened.isEmpty()) {
            return Optional.of(Fault.MISSING);
        }
        try (InputStream in = opened.get()) {
            return MirrorCopier.sha256Of(in).equals(sha256) ? Optional.empty() : Optional.of(Fault.CORRUPT);
        } catch (StorageException e) {
            if (e.problem() == StorageException.Problem.CORRUPT) {
                return Optional.of(Fault.CORRUPT); // refused by the checksum kept with it
            }
            throw e;
        } catch (IOException e) {
            throw StorageException.of("read " + key, e, null);
        }
    }

    /**
     * Repairs what the local check and this check found, each from the other store. A blob never copied to the
     * mirror, or damaged in both stores, cannot be repaired: it is listed as such.
     */
    public List<Repair> repair(List<Problem> localProblems, List<Problem> mirrorProblems) {
        List<Repair> repairs = new ArrayList<>();
        for (Problem problem : localProblems) {
            var copy = record.copy(problem.key());
            if (copy.isEmpty()) {
                repairs.add(new Repair(problem.key(), "local disk", false, "no copy in the mirror"));
                continue;
            }
            repairs.add(attempt(problem.key(), "local disk", () -> copier.toLocal(problem.key(),
                    copy.get().sha256())));
        }
        for (Problem problem : mirrorProblems) {
            var copy = record.copy(problem.key());
            String sha256 = copy.map(MirroredBlobs.Copy::sha256).orElse(null);
            repairs.add(attempt(problem.key(), record.store(), () -> copier.replaceInCloud(problem.key(),
                    sha256 != null ? sha256 : copier.localSha256(problem.key()))));
        }
        return repairs;
    }

    @FunctionalInterface
    private interface Copy {
        void run() throws StorageException;
    }

    private static Repair attempt(String key, String where, Copy copy) {
        try {
            copy.run();
            return new Repair(key, where, true, "restored from the other copy");
        } catch (StorageException e) {
            return new Repair(key, where, false, switch (e.problem()) {
                case CORRUPT -> "the other copy is damaged too";
                case MISSING -> "the other copy is missing too";
                default -> "the copy failed: " + e.getMessage();
            });
        }
    }
}
