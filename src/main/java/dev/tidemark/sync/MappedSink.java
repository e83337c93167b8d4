package dev.tidemark.sync;

import dev.tidemark.core.mapping.MappedOutcome;
import dev.tidemark.core.model.Rejection;

import java.util.List;

/**
 * The store port of a mapping: one page of mapped rows (entities, root rows, set members) and quarantine entries,
 * one transaction, all or nothing, monotonic on the rows' update time. {@link PageResult#written} holds
 * root keys.
 */
public interface MappedSink {

    PageResult write(String runId, List<MappedOutcome.Mapped> rows, List<Rejection> rejections);

    /** What {@link #write} would do, writing nothing (dry runs). */
    PageResult preview(List<MappedOutcome.Mapped> rows, List<Rejection> rejections);
}
