-- The index is derived from the log file and can always be rebuilt from it (docs/recovery.md).
-- Portable SQL: an operator may point the log at another database.

CREATE TABLE log_meta (
    meta_key   VARCHAR(64)   NOT NULL PRIMARY KEY,
    meta_value VARCHAR(1024) NOT NULL
);

-- One row per entry in the file. ts_micros, actor and action are NULL for an entry whose bytes are corrupt.
CREATE TABLE entry_index (
    seq          BIGINT  NOT NULL PRIMARY KEY,
    file_offset  BIGINT  NOT NULL,
    entry_length INTEGER NOT NULL,
    ts_micros    BIGINT,
    actor        VARCHAR(200),
    action       VARCHAR(100)
);

CREATE INDEX entry_index_actor ON entry_index (actor, seq);
CREATE INDEX entry_index_action ON entry_index (action, seq);
CREATE INDEX entry_index_ts ON entry_index (ts_micros, seq);
