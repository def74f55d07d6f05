-- Time bounds a time-range walk searches (docs/index-design.md, "Time bounds"): per block, the largest time of it
-- and of every block of its node before it (max_ts_upto), and the smallest time of it and of every block after it
-- (min_ts_from). Neither decreases as first_seq grows, so where a window begins and ends is one index lookup each.
-- Filled here for the blocks already written; NULL where no time is there yet (a damaged entry's row has none).
ALTER TABLE index_block ADD COLUMN max_ts_upto BIGINT;
ALTER TABLE index_block ADD COLUMN min_ts_from BIGINT;

MERGE INTO index_block b
USING (SELECT node_no, first_seq,
              MAX(max_ts) OVER (PARTITION BY node_no ORDER BY first_seq
                                ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS upto,
              MIN(min_ts) OVER (PARTITION BY node_no ORDER BY first_seq
                                ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) AS since
       FROM index_block) w
ON b.node_no = w.node_no AND b.first_seq = w.first_seq
WHEN MATCHED THEN UPDATE SET max_ts_upto = w.upto, min_ts_from = w.since;

CREATE INDEX index_block_upto ON index_block (node_no, max_ts_upto, first_seq);
CREATE INDEX index_block_from ON index_block (node_no, min_ts_from, first_seq);
