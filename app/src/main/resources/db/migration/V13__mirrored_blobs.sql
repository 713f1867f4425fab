-- Mirror mode (storage/mirror): the blobs known to be copied to a cloud store, with the checksum they were copied
-- with. A photo whose original has no row here is in the mirror's backlog; a row whose blob no photo or size
-- refers to any more is a deletion still to be made in the cloud. Keyed by store too ("s3", "azure"), so that
-- switching VITRINE_MIRROR to the other cloud mirrors everything again rather than trusting rows about another.
CREATE TABLE mirrored_blobs (
    store       VARCHAR(10)  NOT NULL,
    blob_key    VARCHAR(200) NOT NULL,
    sha256      CHAR(64)     NOT NULL,
    byte_size   BIGINT       NOT NULL,
    mirrored_at BIGINT       NOT NULL,
    PRIMARY KEY (store, blob_key)
);

-- The mirror's health as the admin page shows it: the last error in words for the owner (never a cloud's own
-- message, which may name keys or accounts) and when copies last succeeded.
CREATE TABLE mirror_state (
    store           VARCHAR(10)  PRIMARY KEY,
    last_error      VARCHAR(300),
    last_error_at   BIGINT,
    last_success_at BIGINT
);
