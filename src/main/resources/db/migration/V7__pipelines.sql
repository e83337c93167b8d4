-- Issue 19: many pipelines (stacks, source tables) may share one database. Every bookkeeping row names the pipeline
-- that wrote it (TIDEMARK_PIPELINE_NAME, the stack name when deployed), and every read, the reaper of killed runs
-- and the duplicate-delivery check look only at their own pipeline's rows. Rows written before this migration
-- belong to 'tidemark', the default pipeline name (and the default stack name in samconfig.toml); a stack with
-- another name adopts its history with UPDATE sync_runs SET pipeline = '<stack name>' (docs/operations.md).
ALTER TABLE sync_runs ADD COLUMN pipeline text NOT NULL DEFAULT 'tidemark';
ALTER TABLE backfills ADD COLUMN pipeline text NOT NULL DEFAULT 'tidemark';
ALTER TABLE quarantine ADD COLUMN pipeline text NOT NULL DEFAULT 'tidemark';
-- The same bad item seen by two pipelines is an entry in each one's quarantine (replays within one pipeline still
-- find their entry, as before).
ALTER TABLE quarantine DROP CONSTRAINT quarantine_fingerprint_reason_key;
ALTER TABLE quarantine ADD CONSTRAINT quarantine_pipeline_fingerprint_reason_key UNIQUE (pipeline, fingerprint, reason);
-- The reads every run and every status screen make, per pipeline.
DROP INDEX sync_runs_started_idx;
CREATE INDEX sync_runs_started_idx ON sync_runs (pipeline, started_at DESC);
DROP INDEX sync_runs_event_idx;
CREATE INDEX sync_runs_event_idx ON sync_runs (pipeline, event_id) WHERE event_id IS NOT NULL;
DROP INDEX sync_runs_reconcile_idx;
CREATE INDEX sync_runs_reconcile_idx ON sync_runs (pipeline, started_at DESC) WHERE mode = 'reconcile';
-- The reaper looks for its pipeline's rows still running.
CREATE INDEX sync_runs_running_idx ON sync_runs (pipeline, started_at) WHERE status = 'running';
