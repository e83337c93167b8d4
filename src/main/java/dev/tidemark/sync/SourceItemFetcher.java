package dev.tidemark.sync;

import dev.tidemark.core.SourceItem;

import java.util.List;

/** Reads whole source items by key: how a reconcile gets the items it must repair. */
public interface SourceItemFetcher {

    /** The items as they are now; a key whose item is gone by now is left out. */
    List<SourceItem> fetch(List<SourceKey> keys);
}
