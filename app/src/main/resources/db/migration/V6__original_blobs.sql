-- One row per original file in the blob store that a photo is being given or may be losing: its lock. Storing a
-- photo that uses an original and removing an original that no photo uses any more both take this row first
-- (an upsert locks it on both databases), so "is this original still used?" and "a new photo uses it" can never
-- interleave. Rows go when their original is removed. (See photo/OriginalBlobs.)
CREATE TABLE original_blobs (
    blob_key   VARCHAR(200) PRIMARY KEY,
    claimed_at BIGINT       NOT NULL
);

-- "Is this original still used?" and the collector of unreferenced files look blobs up by key.
CREATE INDEX photos_original_key ON photos (original_key);
CREATE INDEX derivatives_blob_key ON derivatives (blob_key);
