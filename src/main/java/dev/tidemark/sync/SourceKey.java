package dev.tidemark.sync;

import java.time.Instant;

/**
 * What a reconcile reads of one source item: enough to compare it with its row, never the whole item.
 *
 * @param key       the content id exactly as the parser keeps it
 * @param numeric   the table key is a number ({@code N}), so fetching the item needs a number key
 * @param updatedAt the item's sort key as an instant; null if it has none readable (then only presence counts)
 * @param tombstone the item carries a tombstone (flag or deletion time)
 */
public record SourceKey(String key, boolean numeric, Instant updatedAt, boolean tombstone) {
}
