package dev.tidemark.sync;

import java.time.Duration;

/** How long the current invocation may still run (Lambda's remaining time), so a run can stop in time. */
@FunctionalInterface
public interface TimeBudget {
    TimeBudget UNLIMITED = () -> Duration.ofDays(365);

    Duration remaining();
}
