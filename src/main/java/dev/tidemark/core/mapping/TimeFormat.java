package dev.tidemark.core.mapping;

/**
 * How writers store the source's {@code updatedAt} (the GSI sort key). The sort key's format decides how a
 * window {@code [from, to)} becomes a key condition; reading a value back accepts what the matching
 * {@link Normalizer} accepts.
 */
public enum TimeFormat {
    /** ISO-8601 UTC with exactly three fraction digits ({@code 2026-11-22T10:15:30.123Z}), compared as strings. */
    ISO_8601("iso-8601", Normalizer.INSTANT),
    /** A number of seconds since 1970 (type N). */
    EPOCH_SECONDS("epoch-seconds", Normalizer.EPOCH_SECONDS),
    /** A number of milliseconds since 1970 (type N). */
    EPOCH_MILLIS("epoch-millis", Normalizer.EPOCH_MILLIS);

    private final String fileName;
    private final Normalizer reader;

    TimeFormat(String fileName, Normalizer reader) {
        this.fileName = fileName;
        this.reader = reader;
    }

    public String fileName() {
        return fileName;
    }

    /** The normalizer that reads an {@code updatedAt} value written in this format. */
    public Normalizer reader() {
        return reader;
    }
}
