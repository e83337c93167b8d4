package dev.tidemark.sync;

import dev.tidemark.core.SourceItem;

import java.util.List;
import java.util.Set;

/** Reads source items by key: how a reconcile gets the items it must repair, and confirms an absence. */
public interface SourceItemFetcher {

    /** The items as they are now (strongly consistent); a key whose item is gone by now is left out. */
    List<SourceItem> fetch(List<SourceKey> keys);

    /**
     * Which of {@code keys} (content ids, at most 100) the source holds right now, by a strongly consistent read:
     * a key left out is confirmed gone.
     */
    Set<String> present(List<String> keys);
}
