package dev.tidemark.sync;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Iterator;

/** The source port: changed items of one UTC day partition, page by page, fetched lazily. */
public interface SourceReader {

    /** Items of {@code partition} whose update time is in {@code [from, to)}, oldest first. */
    Iterator<SourcePage> read(LocalDate partition, Instant from, Instant to);
}
