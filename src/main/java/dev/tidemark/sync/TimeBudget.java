package dev.tidemark.sync;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * How long the current invocation may still run (Lambda's remaining time, or {@code --max-duration} in the
 * CLI), so a run can stop in time.
 */
@FunctionalInterface
public interface TimeBudget {
    TimeBudget UNLIMITED = () -> Duration.ofDays(365);

    Duration remaining();

    /** {@code duration} from now on {@code clock}: what {@code tidemark sync --max-duration} gives a run. */
    static TimeBudget of(Duration duration, Clock clock) {
        Instant deadline = clock.instant().plus(duration);
        return () -> {
            Duration left = Duration.between(clock.instant(), deadline);
            return left.isNegative() ? Duration.ZERO : left;
        };
    }
}
