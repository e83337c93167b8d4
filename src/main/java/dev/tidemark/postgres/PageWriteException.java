package dev.tidemark.postgres;

/** A page's transaction failed and was rolled back; nothing of the page is in PostgreSQL. */
public final class PageWriteException extends RuntimeException {
    public PageWriteException(String message, Throwable cause) {
        super(message, cause);
    }
}
