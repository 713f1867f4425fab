-- Why a failed photo failed, as a closed set (PhotoFailure names), so no code reads the owner's status_detail
-- text: start-up finds the photos kept until an engine can decode them by this column.
ALTER TABLE photos ADD COLUMN failure VARCHAR(20);

-- Photos failed before this migration: the reason was only in the text, read here once and never again.
UPDATE photos SET failure = 'NO_ENGINE'
 WHERE status = 'failed' AND status_detail LIKE 'Not processed yet: %';
UPDATE photos SET failure = 'UNDECODABLE'
 WHERE status = 'failed' AND failure IS NULL AND status_detail LIKE 'The image could not be decoded: %';
UPDATE photos SET failure = 'TIMED_OUT'
 WHERE status = 'failed' AND failure IS NULL AND status_detail LIKE 'Processing this photo took longer %';
UPDATE photos SET failure = 'CRASHED_WORKER'
 WHERE status = 'failed' AND failure IS NULL AND status_detail LIKE 'This photo crashed the image worker %';
UPDATE photos SET failure = 'STORAGE'
 WHERE status = 'failed' AND failure IS NULL AND status_detail LIKE 'The sizes of this photo could not be stored %';
UPDATE photos SET failure = 'ERROR' WHERE status = 'failed' AND failure IS NULL;
