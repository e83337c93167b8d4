package dev.tidemark.sync;

import dev.tidemark.core.Checkpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Optional;

/**
 * Independent of the sync run: reads the checkpoint and publishes how long ago the last run succeeded, so
 * "it never ran" and "it runs but never succeeds" both show up as stale data. Before the first checkpoint it
 * publishes nothing, and the freshness alarm (missing data = breaching) treats that as stale too.
 */
public final class HealthCheck {
    private static final Logger log = LoggerFactory.getLogger(HealthCheck.class);

    private final CheckpointStore checkpoints;
    private final HealthMetrics metrics;
    private final Clock clock;

    public HealthCheck(CheckpointStore checkpoints, HealthMetrics metrics, Clock clock) {
        this.checkpoints = checkpoints;
        this.metrics = metrics;
        this.clock = clock;
    }

    public HealthReport check() {
        Optional<Checkpoint> checkpoint = checkpoints.read();
        HealthReport report = new HealthReport(clock.instant(),
                checkpoint.map(Checkpoint::committedAt).orElse(null),
                checkpoint.map(Checkpoint::watermark).orElse(null),
                checkpoint.map(Checkpoint::runId).orElse(null));
        if (!report.hasCheckpoint()) {
            log.warn("health: no checkpoint at {}; nothing published (the freshness alarm treats this as stale)",
                    checkpoints.location());
            return report;
        }
        metrics.publish(report);
        log.info("health: last success {} ({} min ago, run {}), watermark {}", report.lastSuccessAt(),
                Math.round(report.minutesSinceLastSuccess()), report.lastRunId(), report.watermark());
        return report;
    }
}
