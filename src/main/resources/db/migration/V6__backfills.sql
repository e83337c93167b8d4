-- Fanned-out backfills (Step Functions Distributed Map). Each slice is its own sync_runs row (mode 'backfill',
-- trigger 'backfill:<backfill_id>/<slice key>'); this row is the backfill as a whole, written by the plan step
-- and completed by the summary step from those run rows.
CREATE TABLE backfills (
    backfill_id      text PRIMARY KEY,          -- the Step Functions execution name
    from_day         date NOT NULL,
    to_day           date NOT NULL,
    shards           integer NOT NULL,
    slices           integer NOT NULL,
    status           text NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
    slices_succeeded integer NOT NULL DEFAULT 0,
    runs             integer NOT NULL DEFAULT 0,  -- attempts, retries included
    fetched          bigint NOT NULL DEFAULT 0,   -- 26 million items a day for 90 days overflows integer
    upserted         bigint NOT NULL DEFAULT 0,
    unchanged        bigint NOT NULL DEFAULT 0,
    quarantined      bigint NOT NULL DEFAULT 0,
    deleted          bigint NOT NULL DEFAULT 0,
    failed_slices    text[] NOT NULL DEFAULT '{}',
    started_at       timestamptz NOT NULL,
    finished_at      timestamptz
);
-- The summary finds a backfill's slices by trigger prefix.
CREATE INDEX sync_runs_backfill_trigger_idx ON sync_runs (trigger text_pattern_ops) WHERE mode = 'backfill';
