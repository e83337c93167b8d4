-- The canonical metadata store. Every row remembers the source's updatedAt (source_updated_at): writes are
-- monotonic on it, so a replayed or out-of-order page can never move a row back in time.

CREATE TABLE creators (
    creator_id        text PRIMARY KEY,
    handle            text,
    display_name      text,
    follower_count    numeric,          -- exact: DynamoDB numbers carry up to 38 digits
    source_updated_at timestamptz NOT NULL,
    synced_at         timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE communities (
    community_id      text PRIMARY KEY,
    name              text,
    source_updated_at timestamptz NOT NULL,
    synced_at         timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE tags (
    tag_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name   text NOT NULL UNIQUE
);

CREATE TABLE content (
    content_id        text PRIMARY KEY,
    platform          text,
    url               text,
    caption           text,
    published_at      timestamptz,
    view_count        numeric,
    like_count        numeric,
    creator_id        text REFERENCES creators (creator_id),
    community_id      text REFERENCES communities (community_id),
    tags              text[] NOT NULL DEFAULT '{}',  -- the edge set below, denormalized for comparison
    metadata          jsonb,
    extra             jsonb,                          -- unknown source fields (schema drift), kept whole
    source_updated_at timestamptz NOT NULL,
    deleted_at        timestamptz,                    -- soft delete: tombstone or reconcile
    first_synced_at   timestamptz NOT NULL DEFAULT now(),
    synced_at         timestamptz NOT NULL DEFAULT now(),
    last_run_id       text
);
CREATE INDEX content_creator_idx ON content (creator_id);
CREATE INDEX content_community_idx ON content (community_id);
CREATE INDEX content_source_updated_idx ON content (source_updated_at);

CREATE TABLE content_tags (
    content_id text   NOT NULL REFERENCES content (content_id) ON DELETE CASCADE,
    tag_id     bigint NOT NULL REFERENCES tags (tag_id),
    PRIMARY KEY (content_id, tag_id)
);
CREATE INDEX content_tags_tag_idx ON content_tags (tag_id);

CREATE TABLE sync_runs (
    run_id               text PRIMARY KEY,
    mode                 text NOT NULL,
    trigger              text NOT NULL,
    event_id             text,
    window_from          timestamptz,
    window_to            timestamptz,
    partitions           date[] NOT NULL DEFAULT '{}',
    partitions_completed integer NOT NULL DEFAULT 0,
    pages                integer NOT NULL DEFAULT 0,
    fetched              integer NOT NULL DEFAULT 0,
    upserted             integer NOT NULL DEFAULT 0,
    unchanged            integer NOT NULL DEFAULT 0,
    quarantined          integer NOT NULL DEFAULT 0,
    deleted              integer NOT NULL DEFAULT 0,
    drift                jsonb NOT NULL DEFAULT '{}',
    checkpoint_before    timestamptz,
    checkpoint_after     timestamptz,
    status               text NOT NULL CHECK (status IN ('running', 'succeeded', 'partial', 'failed', 'skipped')),
    error                text,
    dry_run              boolean NOT NULL DEFAULT false,
    started_at           timestamptz NOT NULL,
    finished_at          timestamptz
);
CREATE INDEX sync_runs_started_idx ON sync_runs (started_at DESC);
-- A duplicate delivery of an EventBridge event finds its id already running or succeeded (see PostgresRunLog).
CREATE INDEX sync_runs_event_idx ON sync_runs (event_id) WHERE event_id IS NOT NULL;

CREATE TABLE quarantine (
    quarantine_id     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    run_id            text NOT NULL,
    source_key        text,
    source_updated_at timestamptz,
    reason            text NOT NULL,
    detail            text,
    raw               jsonb NOT NULL,
    fingerprint       text NOT NULL,  -- md5 of the raw item: replaying a window does not quarantine it twice
    quarantined_at    timestamptz NOT NULL DEFAULT now(),
    resolved_at       timestamptz,
    resolved_by_run   text,
    UNIQUE (fingerprint, reason)
);
CREATE INDEX quarantine_open_idx ON quarantine (quarantined_at) WHERE resolved_at IS NULL;

-- Used only when the checkpoint is kept in PostgreSQL (the embedded demo); deployed, it lives in SSM.
CREATE TABLE checkpoints (
    name         text PRIMARY KEY,
    watermark    timestamptz NOT NULL,
    run_id       text,
    committed_at timestamptz NOT NULL
);
