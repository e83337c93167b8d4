package dev.tidemark.sync;

/** A run gave up. Thrown out of the handler so Lambda counts an error and the Errors alarm fires. */
public final class SyncFailedException extends RuntimeException {
    private final String runId;

    public SyncFailedException(String runId, Throwable cause) {
        super("run " + runId + " failed: " + cause, cause);
        this.runId = runId;
    }

    /**
     * A run that failed and could not record its failure either (PostgreSQL stayed unreachable): the message
     * says so, since its row still says {@code running} until the reaper marks it failed after the timeout.
     */
    SyncFailedException(String runId, Throwable cause, RuntimeException unrecorded) {
        super("run " + runId + " failed: " + cause + "; the failure could not be recorded in sync_runs either ("
                + unrecorded.getMessage() + "): its row says running until a later run marks it failed after the"
                + " function timeout", cause);
        this.runId = runId;
        addSuppressed(unrecorded);
    }

    public String runId() {
        return runId;
    }

    /** The cause chain in one line, as the run record's {@code error} keeps it (cut at about 2,000 characters, so a deep chain cannot swamp a status screen). */
    static String describe(Throwable failure) {
        StringBuilder message = new StringBuilder();
        for (Throwable t = failure; t != null && message.length() < 2000; t = t.getCause()) {
            if (!message.isEmpty()) {
                message.append(" <- ");
            }
            message.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage());
        }
        return message.toString().replaceAll("\\s*\\R\\s*", " ");
    }
}
