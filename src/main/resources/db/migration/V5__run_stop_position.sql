-- Issue 13: a run may stop inside a day partition. Where it stopped, for tidemark status and runs show:
-- the committed frontier it reached (every record of its window below it has committed) and, for a run that
-- did not finish its window, the day, instant and shards of the stop, in words.
ALTER TABLE sync_runs ADD COLUMN frontier timestamptz, ADD COLUMN stopped_at text;
