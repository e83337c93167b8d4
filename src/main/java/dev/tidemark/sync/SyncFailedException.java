package dev.tidemark.sync;

/** A run gave up. Thrown out of the handler so Lambda counts an error and the Errors alarm fires. */
public final class SyncFailedException extends RuntimeException {
    private final String runId;

    public SyncFailedException(String runId, Throwable cause) {
        super("run " + runId + " failed: " + cause, cause);
        this.runId = runId;
    }

    public String runId() {
        return runId;
    }
}
