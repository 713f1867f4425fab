-- The first-run setup link creates the owner once. Its one row (id is always 1) is inserted in the same
-- transaction as the owner: of several setup forms submitted at the same moment, the primary key lets exactly
-- one commit. Databases set up before this migration already have their owner.
CREATE TABLE setup_done (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    owner_id BIGINT  NOT NULL,
    done_at  BIGINT  NOT NULL
);

INSERT INTO setup_done (id, owner_id, done_at)
SELECT 1, u.id, u.created_at FROM users u WHERE u.id = (SELECT MIN(id) FROM users);
