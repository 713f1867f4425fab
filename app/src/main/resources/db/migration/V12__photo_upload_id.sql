-- The id an uploader gives each upload (the Idempotency-Key header; the upload script makes one per file): an
-- upload sent again because its connection was cut (a web node killed mid-request, a proxy time-out) finds the
-- photo the first attempt made instead of storing it twice. Uploads without an id (the plain form, imports)
-- leave it empty; several empty ones are allowed by a unique index on both databases.
ALTER TABLE photos ADD COLUMN upload_id VARCHAR(100);

CREATE UNIQUE INDEX photos_upload_id ON photos (album_id, upload_id);
