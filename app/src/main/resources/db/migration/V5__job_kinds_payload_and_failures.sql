-- Jobs carry a small payload (e.g. which store to copy a blob to), their kind's attempt limit, why they failed
-- (a closed set, so no code reads the error text), and how often they overran their time limit.
-- An empty payload means none: NULLs are all distinct in a unique index, and dedup must work without one.
ALTER TABLE jobs ADD COLUMN payload VARCHAR(1000) NOT NULL DEFAULT '';
ALTER TABLE jobs ADD COLUMN max_attempts INTEGER NOT NULL DEFAULT 5;
ALTER TABLE jobs ADD COLUMN failure VARCHAR(20);
ALTER TABLE jobs ADD COLUMN overruns INTEGER NOT NULL DEFAULT 0;

-- Jobs failed before this migration: set aside after two crashes, or failed after their attempts.
UPDATE jobs SET failure = 'CRASHED' WHERE status = 'failed' AND crashes >= 2;
UPDATE jobs SET failure = 'ERROR' WHERE status = 'failed' AND failure IS NULL;

-- At most one waiting or running job per kind, subject and payload: enqueueing twice is still harmless, while
-- "copy blob 7 to store A" and "copy blob 7 to store B" are two jobs.
DROP INDEX jobs_one_active;
CREATE UNIQUE INDEX jobs_one_active ON jobs (kind, subject_id, payload) WHERE status IN ('queued', 'running');

-- Failed jobs listed by their own query (and done jobs purged by age) without scanning the whole table.
CREATE INDEX jobs_status_updated ON jobs (status, updated_at);
