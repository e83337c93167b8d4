package dev.tidemark.sync;

import dev.tidemark.core.SourceItem;

import java.time.LocalDate;
import java.util.List;

/** One page of a partition's Query, in sort-key order. */
public record SourcePage(LocalDate partition, int pageNumber, List<SourceItem> items) {
    public SourcePage {
        items = List.copyOf(items);
    }
}
