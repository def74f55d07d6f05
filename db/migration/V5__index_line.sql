-- Each node's lines as they are in its files, for a shared index: any node can then serve (and check) any node's
-- entries, also while that node is down. Copied from the file by the node that wrote them (LineShipper), in order,
-- only where the index is not the module's own embedded H2; derived like every table but the anchors.
CREATE TABLE index_line (
    node_no INTEGER         NOT NULL,
    seq     BIGINT          NOT NULL,
    line    VARCHAR(1000000) NOT NULL,
    PRIMARY KEY (node_no, seq)
);
