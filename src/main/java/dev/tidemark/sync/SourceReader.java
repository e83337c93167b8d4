package dev.tidemark.sync;

import dev.tidemark.core.DayShard;

import java.time.Instant;
import java.util.Iterator;
import java.util.function.Function;

/** The source port: changed items of one UTC day partition (or one shard of it), page by page, fetched lazily. */
public interface SourceReader {

    /** Items of {@code cell} whose update time is in {@code [from, to)}, in sort-key order. */
    Iterator<SourcePage> read(DayShard cell, Instant from, Instant to);

    /** How many shards each day partition has ({@code TIDEMARK_PARTITION_SHARDS}); 1 is the unsharded shape. */
    default int shards() {
        return 1;
    }

    /**
     * A reader for one walk over one window, closed when the walk ends. Anything a reader keeps between
     * calls (pages read ahead, worker threads) belongs to one walk, so two runs in the same process (the
     * CLI beside a scheduled run, a run that lost its lock beside its successor) never disturb each other.
     * By default a walk reads straight from this reader and holds nothing.
     */
    default WalkReader openWalk() {
        return new WalkReader() {
            @Override
            public Iterator<SourcePage> read(DayShard cell, Instant from, Instant to) {
                return SourceReader.this.read(cell, from, to);
            }

            @Override
            public void close() {
            }
        };
    }

    /**
     * One walk's reader: days asked for in order, every shard of a day before the next day, then closed. The
     * shards of the day being read stay open together (a walk takes their pages in frontier order).
     */
    interface WalkReader extends AutoCloseable {
        Iterator<SourcePage> read(DayShard cell, Instant from, Instant to);

        /**
         * The pages of {@link #read}, each passed through {@code prepare} (the walk's parse). By default on the
         * caller's thread as it takes the page; a reader that reads ahead prepares on its own side, so the caller
         * only writes.
         */
        default <P> Iterator<P> read(DayShard cell, Instant from, Instant to, Function<SourcePage, P> prepare) {
            Iterator<SourcePage> pages = read(cell, from, to);
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return pages.hasNext();
                }

                @Override
                public P next() {
                    return prepare.apply(pages.next());
                }
            };
        }

        @Override
        void close();
    }
}
