-- Issue 18: a reconcile pass made of bounded, resumable pieces. A pass is planned once (its pieces: Scan segments
-- of the source table, and ranges of content ids for the gone-row walk); each piece keeps its cursor (the Scan's
-- LastEvaluatedKey, or the last content id walked) and its counts, written after every committed page, so a piece
-- that dies or runs out of time is continued, not restarted, by the next invocation.
CREATE TABLE reconcile_passes (
    pass_id     text PRIMARY KEY,
    pipeline    text NOT NULL,     -- TIDEMARK_PIPELINE_NAME, like every bookkeeping row (V7)
    dry_run     boolean NOT NULL,
    status      text NOT NULL CHECK (status IN ('running', 'completed', 'abandoned')),
    pieces      integer NOT NULL,
    started_at  timestamptz NOT NULL,
    finished_at timestamptz
);
-- At most one pass of each kind (real, dry) runs at a time per pipeline: a second invocation continues it.
CREATE UNIQUE INDEX reconcile_passes_one_running ON reconcile_passes (pipeline, dry_run) WHERE status = 'running';
CREATE INDEX reconcile_passes_started_idx ON reconcile_passes (pipeline, started_at DESC);

CREATE TABLE reconcile_pieces (
    pass_id  text    NOT NULL REFERENCES reconcile_passes (pass_id) ON DELETE CASCADE,
    piece    integer NOT NULL,
    kind     text    NOT NULL CHECK (kind IN ('scan', 'gone')),
    segment  integer,          -- scan: segment of total_segments
    total_segments integer,
    from_key text,             -- gone: content ids in (from_key, to_key]; NULL is open-ended
    to_key   text,
    cursor   text,             -- scan: the LastEvaluatedKey (JSON); gone: the last content id walked
    done     boolean NOT NULL DEFAULT false,
    pages    bigint  NOT NULL DEFAULT 0,
    keys     bigint  NOT NULL DEFAULT 0,   -- scan: source keys compared; gone: live rows checked at the source
    missing  bigint  NOT NULL DEFAULT 0,
    stale    bigint  NOT NULL DEFAULT 0,
    deleted  bigint  NOT NULL DEFAULT 0,
    repaired bigint  NOT NULL DEFAULT 0,
    updated_at timestamptz,
    PRIMARY KEY (pass_id, piece)
);

-- The run records of a pass's invocations say which pass they worked on.
ALTER TABLE sync_runs ADD COLUMN reconcile_pass_id text;
CREATE INDEX sync_runs_reconcile_pass_idx ON sync_runs (reconcile_pass_id) WHERE reconcile_pass_id IS NOT NULL;
