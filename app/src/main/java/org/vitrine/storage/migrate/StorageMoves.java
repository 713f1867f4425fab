package org.vitrine.storage.migrate;

import org.jdbi.v3.core.Jdbi;
import org.vitrine.config.Config.Storage;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * StorageMoves is the durable record of {@code vitrine storage migrate}: the moves, newest last, and the files
 * each move has copied and verified. Every copied file is one committed row, so a move stopped at any moment
 * (kill -9 included) continues where it was.
 */
public final class StorageMoves {
    private final Jdbi jdbi;
    private final Clock clock;

    public StorageMoves(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /** A move of the files from one store to another; finished once every file is copied and verified. */
    public record Move(long id, StorePlace source, StorePlace target, long startedAt, Optional<Long> finishedAt) {
        public boolean finished() {
            return finishedAt.isPresent();
        }
    }

    /** A file a move has copied: its size and SHA-256 as verified in the target. */
    public record Copied(String key, long size, String sha256) {
    }

    /** The newest move, which says where the files are; empty when they never moved. */
    public Optional<Move> latest() {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT id, source, source_place, target, target_place, started_at, finished_at
                        FROM storage_moves
                        ORDER BY id DESC
                        LIMIT 1""")
                .map((rs, ctx) -> {
                    long finishedAt = rs.getLong("finished_at");
                    Optional<Long> finished = rs.wasNull() ? Optional.empty() : Optional.of(finishedAt);
                    return new Move(rs.getLong("id"),
                            new StorePlace(Storage.valueOf(rs.getString("source")), rs.getString("source_place")),
                            new StorePlace(Storage.valueOf(rs.getString("target")), rs.getString("target_place")),
                            rs.getLong("started_at"), finished);
                })
                .findFirst());
    }

    /** Starts a new move. */
    public Move start(StorePlace source, StorePlace target) {
        long now = clock.millis();
        long id = jdbi.withHandle(h -> h.createUpdate("""
                        INSERT INTO storage_moves (source, source_place, target, target_place, started_at)
                        VALUES (:source, :sourcePlace, :target, :targetPlace, :now)""")
                .bind("source", source.kind().name()).bind("sourcePlace", source.where())
                .bind("target", target.kind().name()).bind("targetPlace", target.where())
                .bind("now", now)
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
        return new Move(id, source, target, now, Optional.empty());
    }

    /** Records a file as copied and verified; committed before this returns. */
    public void recordCopied(long moveId, Copied copied) {
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO storage_moved_blobs (move_id, blob_key, byte_size, sha256)
                        VALUES (:move, :key, :size, :sha256)
                        ON CONFLICT (move_id, blob_key) DO NOTHING""")
                .bind("move", moveId).bind("key", copied.key()).bind("size", copied.size())
                .bind("sha256", copied.sha256())
                .execute());
    }

    /** Forgets a copy found damaged, so that the file is copied again. */
    public void forget(long moveId, String key) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM storage_moved_blobs WHERE move_id = :move AND blob_key = :key")
                .bind("move", moveId).bind("key", key).execute());
    }

    /** The copies recorded among the given keys, by key. */
    public Map<String, Copied> copiedAmong(long moveId, Collection<String> keys) {
        if (keys.isEmpty()) {
            return Map.of();
        }
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT blob_key, byte_size, sha256
                        FROM storage_moved_blobs
                        WHERE move_id = :move AND blob_key IN (<keys>)""")
                .bind("move", moveId).bindList("keys", List.copyOf(keys))
                .map((rs, ctx) -> new Copied(rs.getString("blob_key"), rs.getLong("byte_size"),
                        rs.getString("sha256")))
                .stream().collect(Collectors.toMap(Copied::key, c -> c)));
    }

    /** A page of the recorded copies, in key order after {@code afterKey}. */
    public List<Copied> copied(long moveId, String afterKey, int limit) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT blob_key, byte_size, sha256
                        FROM storage_moved_blobs
                        WHERE move_id = :move AND blob_key > :after
                        ORDER BY blob_key
                        LIMIT :limit""")
                .bind("move", moveId).bind("after", afterKey).bind("limit", limit)
                .map((rs, ctx) -> new Copied(rs.getString("blob_key"), rs.getLong("byte_size"),
                        rs.getString("sha256")))
                .list());
    }

    /** Marks the move finished: from now on the files live in its target. */
    public void finish(long moveId) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE storage_moves SET finished_at = :now WHERE id = :move")
                .bind("now", clock.millis()).bind("move", moveId).execute());
    }
}
