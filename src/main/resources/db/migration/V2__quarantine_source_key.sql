-- Open quarantine rows are looked up by source key on every page (PostgresPageSink resolves them when a
-- readable version of the key arrives); only open rows are ever looked up.
CREATE INDEX quarantine_open_key_idx ON quarantine (source_key) WHERE resolved_at IS NULL;
