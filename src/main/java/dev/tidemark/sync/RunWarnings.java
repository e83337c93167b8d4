package dev.tidemark.sync;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;

/** What a finished walk has to tell on-call in the log, once per run. */
final class RunWarnings {
    private static final Logger log = LoggerFactory.getLogger(SyncService.class);

    private RunWarnings() {
    }

    static void drift(String runId, Map<String, Integer> drift) {
        if (!drift.isEmpty()) {
            log.warn("run {} schema drift: unknown source fields kept in the unmapped-attributes column: {}; to map one,"
                    + " e.g. {} (mapping line: {})", runId, drift,
                    dev.tidemark.core.mapping.DriftSuggestion.command(drift.keySet().iterator().next()),
                    dev.tidemark.core.mapping.DriftSuggestion.line(drift.keySet().iterator().next()));
        }
    }

    /** Half the overlap used up means the next slower index or later clock may outrun it: say so before it does. */
    static void lateness(String runId, Lateness lateness, Duration overlapLag) {
        if (lateness.nearOverlap(overlapLag)) {
            log.warn("run {} lateness: {} records arrived up to {} below the previous checkpoint, at least half the"
                    + " overlap lag {}; widen TIDEMARK_OVERLAP_LAG before writes are missed", runId,
                    lateness.records(), lateness.max(), overlapLag);
        }
    }
}
