-- Share links: an album may have several, one per recipient if the owner likes. Each has its own secret key,
-- label, expiry, optional password (an Argon2id hash, never the password) and options. A revoked link is kept
-- (revoked_at set) so that its visitors get a clear "this link was revoked" page and the owner keeps its views.
-- Options are 0/1 integers: the same in SQLite and PostgreSQL.
CREATE TABLE share_links (
    id                 ${id},
    album_id           BIGINT       NOT NULL REFERENCES albums (id) ON DELETE CASCADE,
    share_key          VARCHAR(64)  NOT NULL UNIQUE,
    label              VARCHAR(200) NOT NULL DEFAULT '',
    password_hash      VARCHAR(200),
    expires_at         BIGINT,
    revoked_at         BIGINT,
    allow_originals    INTEGER      NOT NULL DEFAULT 0,
    show_location      INTEGER      NOT NULL DEFAULT 0,
    show_camera        INTEGER      NOT NULL DEFAULT 1,
    include_subalbums  INTEGER      NOT NULL DEFAULT 0,
    allow_comments     INTEGER      NOT NULL DEFAULT 0,
    view_count         BIGINT       NOT NULL DEFAULT 0,
    last_viewed_at     BIGINT,
    created_at         BIGINT       NOT NULL
);

CREATE INDEX share_links_album ON share_links (album_id);

-- Each album's one secret key so far becomes its first link, with what that link let visitors do: originals,
-- location and camera details were all shown. It never expires, as before.
INSERT INTO share_links (album_id, share_key, label, allow_originals, show_location, show_camera, created_at)
SELECT a.id, a.share_key, 'First link', 1, 1, 1, a.created_at FROM albums a;

-- A password for the whole album (everyone but the owner must give it), as an Argon2id hash.
ALTER TABLE albums ADD COLUMN password_hash VARCHAR(200);

-- Addresses an album had before: they redirect, permanently, to its address now.
CREATE TABLE album_old_slugs (
    slug     VARCHAR(100) PRIMARY KEY,
    album_id BIGINT       NOT NULL REFERENCES albums (id) ON DELETE CASCADE
);
