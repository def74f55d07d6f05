-- Format version 2 entries (docs/file-format.md): their outcome and correlation, for the filters of the console and
-- the API. NULL for entries of version 1 segments (outcome unknown), for an empty correlation, and for corrupt entries.
-- Filled by appends and by recovery, which rebuilds rows from the files; rows written before this migration describe
-- version 1 entries, so NULL is already right for them.

ALTER TABLE entry_index ADD COLUMN outcome VARCHAR(256);
ALTER TABLE entry_index ADD COLUMN correlation VARCHAR(128);

CREATE INDEX entry_index_outcome ON entry_index (outcome, seq);
CREATE INDEX entry_index_correlation ON entry_index (correlation, seq);
