package dev.tidemark.sync;

import java.time.Duration;
import java.time.Instant;

/**
 * What the health check found in the checkpoint. {@code lastSuccessAt} is when the last run committed its
 * checkpoint; {@code watermark} is how far the data is known to be complete. Both null before the first run.
 */
public record HealthReport(Instant checkedAt, Instant lastSuccessAt, Instant watermark, String lastRunId) {

    public boolean hasCheckpoint() {
        return lastSuccessAt != null;
    }

    /** Minutes (fractional) since the last successful checkpoint write; the freshness alarm watches this. */
    public double minutesSinceLastSuccess() {
        return minutesSince(lastSuccessAt);
    }

    /** Minutes (fractional) between the watermark and now: how old the newest data known complete is. */
    public double watermarkLagMinutes() {
        return minutesSince(watermark);
    }

    private double minutesSince(Instant then) {
        if (then == null) {
            throw new IllegalStateException("no checkpoint yet");
        }
        return Duration.between(then, checkedAt).toMillis() / 60_000.0;
    }
}
