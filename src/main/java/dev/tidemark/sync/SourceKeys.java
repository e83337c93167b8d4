package dev.tidemark.sync;

import java.util.List;
import java.util.function.Consumer;

/** Every key of the source table, for reconciliation: keys only, never whole items. */
public interface SourceKeys {

    /**
     * Hands every key to {@code pageOfKeys}, one page at a time, possibly from several threads at once
     * (parallel scan segments): the consumer must be thread-safe.
     *
     * @return the number of pages read
     */
    int scan(Consumer<List<String>> pageOfKeys);
}
