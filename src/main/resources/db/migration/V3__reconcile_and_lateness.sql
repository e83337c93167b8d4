-- Lateness of scheduled runs: records written below the previous checkpoint (only the overlap caught them),
-- and the largest distance below it. The evidence for widening the overlap before writes are missed.
ALTER TABLE sync_runs
    ADD COLUMN late_records    integer NOT NULL DEFAULT 0,
    ADD COLUMN max_lateness_ms bigint  NOT NULL DEFAULT 0,
-- What a reconcile found and repaired; NULL for every other mode. reconcile_deleted counts the live rows whose
-- source item is gone; `deleted` also counts repaired rows that arrived with a tombstone.
    ADD COLUMN missing           integer,
    ADD COLUMN stale             integer,
    ADD COLUMN reconcile_deleted integer,
    ADD COLUMN repaired          integer;
-- The status screen asks for the last reconcile on every call.
CREATE INDEX sync_runs_reconcile_idx ON sync_runs (started_at DESC) WHERE mode = 'reconcile';
