package dev.tidemark.sync;

/**
 * Where a fanned-out backfill stands: the execution's status and, once its map has started, the map run's item
 * counts (slices). The result is the summary step's JSON when the execution has ended with one (as output on
 * success, as the failure's cause when slices failed), else the failure's cause, else null.
 */
public record FanOutProgress(String status, int slices, int succeeded, int failed, int running, String error,
                             String result) {

    public boolean ended() {
        return !status.equals("RUNNING") && !status.equals("PENDING_REDRIVE");
    }
}
