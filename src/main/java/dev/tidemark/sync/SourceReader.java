package dev.tidemark.sync;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Iterator;

/** The source port: changed items of one UTC day partition, page by page, fetched lazily. */
public interface SourceReader {

    /** Items of {@code partition} whose update time is in {@code [from, to)}, oldest first. */
    Iterator<SourcePage> read(LocalDate partition, Instant from, Instant to);

    /**
     * A reader for one walk over one window, closed when the walk ends. Anything a reader keeps between
     * calls (pages read ahead, worker threads) belongs to one walk, so two runs in the same process (the
     * CLI beside a scheduled run, a run that lost its lock beside its successor) never disturb each other.
     * By default a walk reads straight from this reader and holds nothing.
     */
    default WalkReader openWalk() {
        return new WalkReader() {
            @Override
            public Iterator<SourcePage> read(LocalDate partition, Instant from, Instant to) {
                return SourceReader.this.read(partition, from, to);
            }

            @Override
            public void close() {
            }
        };
    }

    /** One walk's reader: partitions asked for in order, then closed. */
    interface WalkReader extends AutoCloseable {
        Iterator<SourcePage> read(LocalDate partition, Instant from, Instant to);

        @Override
        void close();
    }
}
