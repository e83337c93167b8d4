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
