package dev.tidemark.sync;

import dev.tidemark.core.model.Rejection;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One page of source items as a pipeline parsed it, ready to write: the rows (in the pipeline's own form), the
 * quarantine entries, and per key the newest version's update time and drift (what lateness and drift are
 * measured on once the sink says which keys it wrote).
 *
 * @param items how many source items the page held
 */
public record ParsedPage<R>(int items, List<R> records, List<Rejection> rejections, Map<String, Version> newest) {
    public ParsedPage {
        records = List.copyOf(records);
        rejections = List.copyOf(rejections);
        newest = Map.copyOf(newest);
    }

    /** The newest version of one key on the page. */
    public record Version(Instant sourceUpdatedAt, Set<String> drift) {
        public Version {
            drift = Set.copyOf(drift);
        }

        /** The newer of two versions of the same key (the later one on a tie, as a write keeps it). */
        public static Version newer(Version kept, Version incoming) {
            return incoming.sourceUpdatedAt().isBefore(kept.sourceUpdatedAt()) ? kept : incoming;
        }
    }
}
