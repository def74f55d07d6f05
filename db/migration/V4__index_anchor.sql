-- Anchors: each node's checkpoints (the chain head at an entry), kept where the node's own root cannot rewrite them.
-- Unlike every other table this one is not derived and never cleared or rebuilt: verify compares each node's files
-- with it (a rewritten chain differs at an anchor, a truncated file ends before one). On a shared PostgreSQL index the
-- application's role may only INSERT and SELECT here (docs/deployment.md, "Anchors"); an owner role runs the
-- migrations.
CREATE TABLE index_anchor (
    node_no         INTEGER  NOT NULL,
    seq             BIGINT   NOT NULL,
    chain_hash      CHAR(64) NOT NULL,
    recorded_micros BIGINT   NOT NULL,
    PRIMARY KEY (node_no, seq)
);
