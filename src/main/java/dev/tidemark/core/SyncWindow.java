package dev.tidemark.core;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * The half-open interval {@code [from, to)} of {@code updatedAt} values one run reads, and the UTC day
 * partitions of the index it walks to find them, oldest first.
 */
public record SyncWindow(Instant from, Instant to, List<LocalDate> partitions) {
    public SyncWindow {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        partitions = List.copyOf(partitions);
        if (!from.isBefore(to) && !from.equals(to)) {
            throw new IllegalArgumentException("window from " + from + " is after to " + to);
        }
    }

    public boolean isEmpty() {
        return !from.isBefore(to);
    }
}
