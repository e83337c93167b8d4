package dev.tidemark.sync;

import java.util.List;
import java.util.function.Consumer;

/** Every key of the source table with its update time and tombstone state, for reconciliation. */
public interface SourceKeys {

    /**
     * Hands every key to {@code pageOfKeys}, one page at a time, possibly from several threads at once
     * (parallel scan segments): the consumer must be thread-safe.
     *
     * @return the number of pages read
     */
    int scan(Consumer<List<SourceKey>> pageOfKeys);
}
