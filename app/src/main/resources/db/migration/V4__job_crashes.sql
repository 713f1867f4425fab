-- How often a job was running in a worker process that died (out of memory, a decoder crash): the supervisor
-- releases such a job at once and, after two crashes, sets it aside as failed instead of retrying it.
ALTER TABLE jobs ADD COLUMN crashes INTEGER NOT NULL DEFAULT 0;
