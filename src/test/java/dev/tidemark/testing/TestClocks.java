package dev.tidemark.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Instants for tests whose run time reaches something that checks it against the wall clock. A fixed instant is
 * fine for window arithmetic, but aws-embedded-metrics refuses an EMF timestamp more than 14 days old or 2 hours
 * ahead, so a test pinned to the day it was written turns red two weeks later. These anchors keep the shape a test
 * relies on (noon UTC, so hours either side stay in one day partition) while staying close to today.
 */
public final class TestClocks {
    private TestClocks() {
    }

    /** The latest 12:00 UTC that is at least {@code ahead} before now: between {@code ahead} and a day plus it ago. */
    public static Instant recentNoon(Duration ahead) {
        return recentNoon(Clock.systemUTC(), ahead);
    }

    static Instant recentNoon(Clock wall, Duration ahead) {
        Instant latest = wall.instant().minus(ahead);
        Instant noon = latest.truncatedTo(ChronoUnit.DAYS).plus(Duration.ofHours(12));
        return noon.isAfter(latest) ? noon.minus(Duration.ofDays(1)) : noon;
    }
}
