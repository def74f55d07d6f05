-- One index for several nodes (a shared PostgreSQL: docs/deployment.md, "A cluster"): every row names the node whose
-- files it describes, by its number in index_node, so that keys stay small. Each node's rows are derived from that
-- node's files and rebuilt from them. ${node} is the node that runs this migration: the rows of the single-node index
-- it replaces describe that node's files, and are kept as node 1's.
CREATE TABLE index_node (
    node_no INTEGER     NOT NULL PRIMARY KEY,
    node    VARCHAR(64) NOT NULL UNIQUE
);
INSERT INTO index_node (node_no, node) VALUES (1, '${node}');

CREATE TABLE index_meta (
    node_no    INTEGER       NOT NULL,
    meta_key   VARCHAR(64)   NOT NULL,
    meta_value VARCHAR(1024) NOT NULL,
    PRIMARY KEY (node_no, meta_key)
);
INSERT INTO index_meta (node_no, meta_key, meta_value) SELECT 1, meta_key, meta_value FROM log_meta;
DROP TABLE log_meta;

-- One row per entry of a node's files. ts_micros, actor and action are NULL for an entry whose bytes are corrupt;
-- outcome and correlation are NULL for version 1 entries, an empty correlation and corrupt entries.
CREATE TABLE index_entry (
    node_no      INTEGER NOT NULL,
    seq          BIGINT  NOT NULL,
    file_offset  BIGINT  NOT NULL,
    entry_length INTEGER NOT NULL,
    ts_micros    BIGINT,
    actor        VARCHAR(200),
    action       VARCHAR(100),
    outcome      VARCHAR(256),
    correlation  VARCHAR(128),
    PRIMARY KEY (node_no, seq)
);
INSERT INTO index_entry (node_no, seq, file_offset, entry_length, ts_micros, actor, action, outcome, correlation)
    SELECT 1, seq, file_offset, entry_length, ts_micros, actor, action, outcome, correlation FROM entry_index;
DROP TABLE entry_index;

CREATE INDEX index_entry_actor ON index_entry (node_no, actor, seq);
CREATE INDEX index_entry_action ON index_entry (node_no, action, seq);
CREATE INDEX index_entry_ts ON index_entry (node_no, ts_micros, seq);
CREATE INDEX index_entry_outcome ON index_entry (node_no, outcome, seq);
CREATE INDEX index_entry_correlation ON index_entry (node_no, correlation, seq);
