-- The embedded index's rows by block (docs/index-design.md, "Blocks"): up to 256 consecutive entries of a node in
-- one row, packed (rows_data), with what a filter needs to skip a block without unpacking it: its time bounds, and
-- one index_block_term row per distinct actor (field 'a'), action ('c'), outcome ('o') and correlation ('r') in it.
-- Derived like index_entry, which a shared index (PostgreSQL) keeps using for now.
CREATE TABLE index_block (
    node_no   INTEGER NOT NULL,
    first_seq BIGINT  NOT NULL,
    last_seq  BIGINT  NOT NULL,
    entries   INTEGER NOT NULL,
    max_end   BIGINT  NOT NULL,
    min_ts    BIGINT,
    max_ts    BIGINT,
    rows_data BYTEA   NOT NULL,
    PRIMARY KEY (node_no, first_seq)
);

CREATE TABLE index_block_term (
    node_no   INTEGER      NOT NULL,
    field     CHAR(1)      NOT NULL,
    term      VARCHAR(256) NOT NULL,
    first_seq BIGINT       NOT NULL,
    entries   INTEGER      NOT NULL,
    PRIMARY KEY (node_no, field, term, first_seq)
);
