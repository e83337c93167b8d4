package dev.tidemark.core;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * One unit of a fanned-out backfill: one UTC day partition, or one shard of it when the day key is sharded
 * ({@code YYYY-MM-DD#n}). A slice reads exactly the GSI partition key {@link #key()}, so two slices never read
 * the same item.
 *
 * @param shard null when day keys are not sharded (the key is the bare date)
 */
public record Slice(LocalDate day, Integer shard) {
    public Slice {
        Objects.requireNonNull(day, "day");
        if (shard != null && shard < 0) {
            throw new IllegalArgumentException("shard must be 0 or more, was " + shard);
        }
    }

    /** The GSI partition key value this slice reads: {@code 2026-11-01} or {@code 2026-11-01#3}. */
    public String key() {
        return shard == null ? day.toString() : day + "#" + shard;
    }

    /** The inverse of {@link #key()}; fails with the expected shape on anything else. */
    public static Slice parse(String key) {
        String text = key == null ? "" : key.strip();
        int hash = text.indexOf('#');
        try {
            return hash < 0 ? new Slice(LocalDate.parse(text), null)
                    : new Slice(LocalDate.parse(text.substring(0, hash)), Integer.parseInt(text.substring(hash + 1)));
        } catch (DateTimeParseException | NumberFormatException bad) {
            throw new IllegalArgumentException("a slice is YYYY-MM-DD or YYYY-MM-DD#n, was '" + key + "'");
        }
    }
}
