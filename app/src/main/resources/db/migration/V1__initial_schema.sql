-- Portable SQL for SQLite and PostgreSQL. ${id} is the dialect's auto-increment primary key (see Dialect).
-- Times are epoch milliseconds (BIGINT) so both databases store and compare them the same way.

CREATE TABLE users (
    id            ${id},
    email         VARCHAR(320) NOT NULL UNIQUE,
    password_hash VARCHAR(200) NOT NULL,
    created_at    BIGINT       NOT NULL
);

CREATE TABLE sessions (
    token_hash CHAR(64) PRIMARY KEY,
    user_id    BIGINT   NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT   NOT NULL,
    expires_at BIGINT   NOT NULL
);

CREATE TABLE albums (
    id             ${id},
    slug           VARCHAR(100) NOT NULL UNIQUE,
    title          VARCHAR(200) NOT NULL,
    description    TEXT         NOT NULL DEFAULT '',
    visibility     VARCHAR(10)  NOT NULL CHECK (visibility IN ('public', 'unlisted', 'private')),
    share_key      VARCHAR(64)  NOT NULL,
    cover_photo_id BIGINT,
    created_at     BIGINT       NOT NULL,
    updated_at     BIGINT       NOT NULL
);

CREATE TABLE photos (
    id            ${id},
    album_id      BIGINT           NOT NULL REFERENCES albums (id) ON DELETE CASCADE,
    sha256        CHAR(64)         NOT NULL,
    original_key  VARCHAR(200)     NOT NULL,
    original_name VARCHAR(500)     NOT NULL,
    format        VARCHAR(10)      NOT NULL,
    byte_size     BIGINT           NOT NULL,
    -- the pixel grid as stored in the file, before orientation
    width         INTEGER          NOT NULL,
    height        INTEGER          NOT NULL,
    -- EXIF orientation 1-8 (HEIF: the container's transform), invalid values stored as 1
    orientation   INTEGER          NOT NULL,
    -- local wall-clock time the photo was taken, ISO-8601 without offset, and the offset when known
    taken_at      VARCHAR(19),
    taken_offset  VARCHAR(6),
    camera_make   VARCHAR(200),
    camera_model  VARCHAR(200),
    lens          VARCHAR(200),
    exposure_time VARCHAR(20),
    f_number      DOUBLE PRECISION,
    iso           INTEGER,
    focal_length  DOUBLE PRECISION,
    latitude      DOUBLE PRECISION,
    longitude     DOUBLE PRECISION,
    altitude      DOUBLE PRECISION,
    title         VARCHAR(200)     NOT NULL DEFAULT '',
    caption       TEXT             NOT NULL DEFAULT '',
    status        VARCHAR(12)      NOT NULL CHECK (status IN ('processing', 'ready', 'failed')),
    status_detail TEXT,
    uploaded_at   BIGINT           NOT NULL,
    UNIQUE (album_id, sha256)
);
CREATE INDEX photos_album ON photos (album_id, taken_at, id);
CREATE INDEX photos_sha256 ON photos (sha256);

CREATE TABLE derivatives (
    photo_id  BIGINT       NOT NULL REFERENCES photos (id) ON DELETE CASCADE,
    width     INTEGER      NOT NULL,
    height    INTEGER      NOT NULL,
    blob_key  VARCHAR(200) NOT NULL,
    byte_size BIGINT       NOT NULL,
    PRIMARY KEY (photo_id, width)
);

-- The durable job queue: one row per job, claimed with a lease that a live worker renews.
CREATE TABLE jobs (
    id          ${id},
    kind        VARCHAR(40)  NOT NULL,
    subject_id  BIGINT       NOT NULL,
    status      VARCHAR(10)  NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
    attempts    INTEGER      NOT NULL DEFAULT 0,
    run_at      BIGINT       NOT NULL,
    lease_owner VARCHAR(100),
    lease_until BIGINT,
    last_error  TEXT,
    created_at  BIGINT       NOT NULL,
    updated_at  BIGINT       NOT NULL
);
CREATE INDEX jobs_due ON jobs (status, run_at);
-- at most one waiting or running job per subject and kind: enqueueing twice is harmless
CREATE UNIQUE INDEX jobs_one_active ON jobs (kind, subject_id) WHERE status IN ('queued', 'running');
