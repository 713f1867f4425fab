-- Moves of the photo files between stores by `vitrine storage migrate`, newest last. The newest move says where
-- the files live: a finished move's target, an unfinished move's source. Settings are environment variables,
-- which the database cannot change, so start-up compares VITRINE_STORAGE with this and refuses to serve from a
-- store that does not hold the files (see storage/migrate/StoreLocationCheck). Places never hold credentials.
CREATE TABLE storage_moves (
    id           ${id},
    source       VARCHAR(10)  NOT NULL,
    source_place VARCHAR(500) NOT NULL,
    target       VARCHAR(10)  NOT NULL,
    target_place VARCHAR(500) NOT NULL,
    started_at   BIGINT       NOT NULL,
    finished_at  BIGINT
);

-- The files a move has copied and verified, one committed row each: a move interrupted (kill -9 included)
-- continues from here and copies none of them again.
CREATE TABLE storage_moved_blobs (
    move_id   BIGINT       NOT NULL REFERENCES storage_moves (id) ON DELETE CASCADE,
    blob_key  VARCHAR(200) NOT NULL,
    byte_size BIGINT       NOT NULL,
    sha256    CHAR(64)     NOT NULL,
    PRIMARY KEY (move_id, blob_key)
);
