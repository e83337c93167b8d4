package dev.tidemark.sync;

import java.util.Locale;

public enum RunStatus {
    RUNNING, SUCCEEDED, PARTIAL, FAILED, SKIPPED;

    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RunStatus fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
