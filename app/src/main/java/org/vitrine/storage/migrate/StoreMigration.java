package org.vitrine.storage.migrate;

import org.vitrine.storage.BlobStore;
import org.vitrine.storage.StorageException;
import org.vitrine.storage.migrate.BlobCopier.Outcome;
import org.vitrine.storage.migrate.ReferencedBlobs.Ref;
import org.vitrine.storage.migrate.StorageMoves.Copied;
import org.vitrine.storage.migrate.StorageMoves.Move;

import org.jdbi.v3.core.Jdbi;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;

/**
 * StoreMigration moves the files the database refers to (and nothing else) from the store in use to another:
 * each is copied, read back and checked against the SHA-256 of the source's bytes, then recorded in
 * {@link StorageMoves} before the next is counted done. Run again after an interruption it first checks the
 * copies already recorded (a damaged or vanished one is copied again), then copies only what is left. When every
 * file is there it records the move finished, which tells start-up where the files now are. The source is left
 * untouched.
 */
public final class StoreMigration {
    private static final int PAGE = 200;

    private final StorageMoves moves;
    private final ReferencedBlobs referenced;
    private final BlobStore source;
    private final BlobStore target;
    private final BlobCopier copier;
    private final int parallel;

    public StoreMigration(Jdbi jdbi, Clock clock, BlobStore source, BlobStore target, Path scratch, int parallel) {
        this.moves = new StorageMoves(jdbi, clock);
        this.referenced = new ReferencedBlobs(jdbi);
        this.source = source;
        this.target = target;
        this.copier = new BlobCopier(source, target, scratch);
        this.parallel = parallel;
    }

    /** What a run did. */
    public record Report(boolean resumed, long copied, long alreadyThere, long damagedCopiesRedone,
                         List<String> missingInSource, List<String> changedSinceUpload,
                         List<String> corruptInSource) {
        /** Whether the move is recorded finished: not while a file the source holds could not be copied. */
        public boolean finished() {
            return corruptInSource.isEmpty();
        }
    }

    /** Moves the files from {@code from} (the store in use) to {@code to}; throws when a store fails. */
    public Report run(StorePlace from, StorePlace to, MigrationProgress progress)
            throws StorageException, InterruptedException {
        if (from.kind() == to.kind()) {
            throw new IllegalArgumentException("The photos are already in " + from + " (VITRINE_STORAGE="
                    + from.setting() + "): nothing to move.");
        }
        var unfinished = moves.latest().filter(m -> !m.finished() && m.source().equals(from)
                && m.target().equals(to));
        Move move = unfinished.orElseGet(() -> moves.start(from, to));
        var run = new Run(move, progress);
        if (unfinished.isPresent()) {
            run.recheckRecordedCopies();
        }
        // A second pass finds what was uploaded behind the first; it ends when a pass finds nothing new.
        while (run.pass() > 0) {
            progress.note("Looking again for photos added during the move.");
        }
        var report = new Report(unfinished.isPresent(), run.copied.get(), run.alreadyThere.get(), run.redone.get(),
                List.copyOf(run.missing), List.copyOf(run.changed), List.copyOf(run.corrupt));
        if (report.finished()) {
            moves.finish(move.id());
        }
        return report;
    }

    /** One run's counters and the work it does. */
    private final class Run {
        final Move move;
        final MigrationProgress progress;
        final AtomicLong copied = new AtomicLong();
        final AtomicLong alreadyThere = new AtomicLong();
        final AtomicLong redone = new AtomicLong();
        final AtomicLong filesDone = new AtomicLong();
        final AtomicLong bytesDone = new AtomicLong();
        final Set<String> missing = java.util.Collections.synchronizedSet(new java.util.TreeSet<>());
        final Set<String> changed = java.util.Collections.synchronizedSet(new java.util.TreeSet<>());
        final Set<String> corrupt = java.util.Collections.synchronizedSet(new java.util.TreeSet<>());
        ReferencedBlobs.Totals totals;
        boolean firstPass = true;

        Run(Move move, MigrationProgress progress) {
            this.move = move;
            this.progress = progress;
        }

        /**
         * Checks the copies a killed run recorded: still there, the same size and (where the store keeps one) the
         * same checksum. A stat each, not a download: a damaged one is forgotten and so copied again.
         */
        void recheckRecordedCopies() throws StorageException {
            String after = "";
            for (List<Copied> page = moves.copied(move.id(), after, PAGE); !page.isEmpty();
                 page = moves.copied(move.id(), after, PAGE)) {
                for (Copied copy : page) {
                    var info = target.stat(copy.key());
                    boolean intact = info.isPresent() && info.get().size() == copy.size()
                            && info.get().sha256().map(copy.sha256()::equals).orElse(true);
                    if (!intact) {
                        moves.forget(move.id(), copy.key());
                        progress.note("The copy of " + copy.key() + " made earlier is " + (info.isEmpty()
                                ? "gone" : "damaged") + " in " + move.target() + ": copying it again.");
                    }
                }
                after = page.getLast().key();
            }
        }

        /** Copies every referenced file not yet recorded; returns how many it copied or found there. */
        long pass() throws StorageException, InterruptedException {
            totals = referenced.totals();
            long before = copied.get() + alreadyThere.get();
            pass(referenced::originals);
            pass(referenced::derivatives);
            firstPass = false;
            return copied.get() + alreadyThere.get() - before;
        }

        private void pass(BiFunction<String, Integer, List<Ref>> pages) throws StorageException, InterruptedException {
            String after = "";
            try (ExecutorService pool = Executors.newFixedThreadPool(parallel,
                    Thread.ofPlatform().name("migrate-", 1).daemon().factory())) {
                for (List<Ref> page = pages.apply(after, PAGE); !page.isEmpty(); page = pages.apply(after, PAGE)) {
                    Map<String, Copied> recorded = moves.copiedAmong(move.id(), page.stream().map(Ref::key).toList());
                    List<Future<?>> copies = new ArrayList<>();
                    for (Ref ref : page) {
                        if (recorded.containsKey(ref.key()) || missing.contains(ref.key())
                                || corrupt.contains(ref.key())) {
                            if (firstPass) {
                                done(ref.size()); // copied by an earlier run; later passes count only new files
                            }
                        } else {
                            copies.add(pool.submit(() -> {
                                copy(ref);
                                return null;
                            }));
                        }
                    }
                    await(copies);
                    after = page.getLast().key();
                }
            }
        }

        private void copy(Ref ref) throws StorageException {
            BlobCopier.Result result = copier.copy(ref);
            switch (result.outcome()) {
                case MISSING_IN_SOURCE -> {
                    // A photo deleted during the move takes its files with it: that is not a loss.
                    if (referenced.stillReferenced(ref.key())) {
                        missing.add(ref.key());
                    }
                }
                case CORRUPT_IN_SOURCE -> corrupt.add(ref.key());
                case ALREADY_THERE -> alreadyThere.incrementAndGet();
                case COPIED -> copied.incrementAndGet();
                case COPIED_AFTER_DAMAGE -> {
                    copied.incrementAndGet();
                    redone.incrementAndGet();
                    progress.note("The copy of " + ref.key() + " read back damaged: copied again and verified.");
                }
            }
            if (result.outcome() != Outcome.MISSING_IN_SOURCE && result.outcome() != Outcome.CORRUPT_IN_SOURCE) {
                if (result.differsFromUpload()) {
                    changed.add(ref.key());
                }
                moves.recordCopied(move.id(), new Copied(ref.key(), result.size(), result.sha256()));
            }
            done(ref.size());
        }

        private void done(long bytes) {
            progress.advanced(filesDone.incrementAndGet(), totals.files(), bytesDone.addAndGet(bytes),
                    totals.bytes());
        }

        /** Waits for the copies of a page; the first failure stops the run (what was recorded stays). */
        private void await(List<Future<?>> copies) throws StorageException, InterruptedException {
            try {
                for (Future<?> copy : copies) {
                    copy.get();
                }
            } catch (ExecutionException e) {
                copies.forEach(f -> f.cancel(true));
                if (e.getCause() instanceof StorageException storage) {
                    throw storage;
                }
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new IllegalStateException(e.getCause());
            }
        }
    }
}
