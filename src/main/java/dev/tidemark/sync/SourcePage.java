package dev.tidemark.sync;

import dev.tidemark.core.DayShard;
import dev.tidemark.core.SourceItem;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * One page of a partition key value's Query, in sort-key order.
 *
 * @param lastKey the last sort key on the page that is a well-formed instant (empty if none is): every item of
 *                {@code cell} stamped below it is on this page or an earlier one
 */
public record SourcePage(DayShard cell, int pageNumber, List<SourceItem> items, Optional<Instant> lastKey) {
    public SourcePage {
        items = List.copyOf(items);
        lastKey = lastKey == null ? Optional.empty() : lastKey;
    }

    public LocalDate partition() {
        return cell.day();
    }
}
