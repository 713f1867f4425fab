package org.vitrine.storage.migrate;

import org.jdbi.v3.core.Jdbi;

import java.util.List;
import java.util.Optional;

/**
 * ReferencedBlobs lists the files the database refers to, and only those: each original once (photos of several
 * albums share one), with the SHA-256 it was uploaded with, then every derivative. Read a page at a time in key
 * order, so memory stays flat however many photos there are.
 */
final class ReferencedBlobs {
    private final Jdbi jdbi;

    ReferencedBlobs(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** A file a row refers to: its key, its size as recorded and, for an original, its SHA-256. */
    record Ref(String key, long size, Optional<String> sha256) {
    }

    /** How many files the database refers to, and their bytes. */
    record Totals(long files, long bytes) {
    }

    Totals totals() {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT COUNT(*) AS files, COALESCE(SUM(byte_size), 0) AS bytes
                        FROM (SELECT original_key AS blob_key, MIN(byte_size) AS byte_size
                              FROM photos
                              GROUP BY original_key
                              UNION ALL
                              SELECT blob_key, byte_size
                              FROM derivatives) referenced""")
                .map((rs, ctx) -> new Totals(rs.getLong("files"), rs.getLong("bytes")))
                .one());
    }

    /** Originals in key order after {@code afterKey}. */
    List<Ref> originals(String afterKey, int limit) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT original_key, MIN(byte_size) AS byte_size, MIN(sha256) AS sha256
                        FROM photos
                        WHERE original_key > :after
                        GROUP BY original_key
                        ORDER BY original_key
                        LIMIT :limit""")
                .bind("after", afterKey).bind("limit", limit)
                .map((rs, ctx) -> new Ref(rs.getString("original_key"), rs.getLong("byte_size"),
                        Optional.of(rs.getString("sha256"))))
                .list());
    }

    /** Derivatives in key order after {@code afterKey}. */
    List<Ref> derivatives(String afterKey, int limit) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT blob_key, byte_size
                        FROM derivatives
                        WHERE blob_key > :after
                        ORDER BY blob_key
                        LIMIT :limit""")
                .bind("after", afterKey).bind("limit", limit)
                .map((rs, ctx) -> new Ref(rs.getString("blob_key"), rs.getLong("byte_size"), Optional.empty()))
                .list());
    }

    /** Whether a row still refers to the key (a photo may be deleted while the move runs). */
    boolean stillReferenced(String key) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT COUNT(*) FROM photos WHERE original_key = :key""")
                .bind("key", key).mapTo(Long.class).one() > 0
                || h.createQuery("SELECT COUNT(*) FROM derivatives WHERE blob_key = :key")
                .bind("key", key).mapTo(Long.class).one() > 0);
    }
}
