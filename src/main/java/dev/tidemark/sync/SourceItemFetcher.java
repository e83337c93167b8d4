package dev.tidemark.sync;

import dev.tidemark.core.SourceItem;

import java.util.List;
import java.util.Set;

/** Reads source items by key: how a reconcile gets the items it must repair, and confirms an absence. */
public interface SourceItemFetcher {

    /** The items as they are now (strongly consistent); a key whose item is gone by now is left out. */
    List<SourceItem> fetch(List<SourceKey> keys);

    /**
     * Which of {@code keys} (content ids, at most 100) the source holds. With {@code consistent}, a strongly
     * consistent read (1 read unit an item): a key left out is confirmed gone. Without, an eventually consistent
     * one (half the units): a key it finds is there, a key it leaves out may have been written a moment ago.
     */
    Set<String> present(List<String> keys, boolean consistent);
}
