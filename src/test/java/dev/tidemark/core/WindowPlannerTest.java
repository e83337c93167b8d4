package dev.tidemark.core;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class WindowPlannerTest {
    private final WindowPlanner planner =
            new WindowPlanner(Duration.ofMinutes(5), Duration.ofSeconds(5), Duration.ofHours(24));

    @Test
    void firstRunLooksBackTheConfiguredLookback() {
        Instant now = Instant.parse("2026-11-22T12:00:00Z");
        SyncWindow w = planner.plan(Optional.empty(), now);

        assertThat(w.from()).isEqualTo(Instant.parse("2026-11-21T11:55:00Z"));
        assertThat(w.to()).isEqualTo(Instant.parse("2026-11-22T11:59:55Z"));
        assertThat(w.partitions()).containsExactly(LocalDate.parse("2026-11-20"), LocalDate.parse("2026-11-21"),
                LocalDate.parse("2026-11-22"));
    }

    @Test
    void windowStartsOverlapLagBeforeTheWatermarkAndWalksFromTheDayBefore() {
        Checkpoint checkpoint = new Checkpoint(Instant.parse("2026-11-22T00:02:00Z"), "r1", Instant.EPOCH);
        SyncWindow w = planner.plan(Optional.of(checkpoint), Instant.parse("2026-11-22T01:00:00Z"));

        assertThat(w.from()).isEqualTo(Instant.parse("2026-11-21T23:57:00Z"));
        assertThat(w.to()).isEqualTo(Instant.parse("2026-11-22T00:59:55Z"));
        assertThat(w.partitions()).containsExactly(LocalDate.parse("2026-11-21"), LocalDate.parse("2026-11-22"));
    }

    @Test
    void partitionsAreUtcDatesAcrossMonthAndYearEnds() {
        Checkpoint checkpoint = new Checkpoint(Instant.parse("2026-12-30T23:00:00Z"), "r1", Instant.EPOCH);
        SyncWindow w = planner.plan(Optional.of(checkpoint), Instant.parse("2027-01-01T00:30:00Z"));

        assertThat(w.partitions()).extracting(LocalDate::toString)
                .containsExactly("2026-12-29", "2026-12-30", "2026-12-31", "2027-01-01");
    }

    @Test
    void aCheckpointAheadOfTheClockGivesAnEmptyWindowNotAReversedOne() {
        Checkpoint future = new Checkpoint(Instant.parse("2026-11-23T00:00:00Z"), "r1", Instant.EPOCH);
        SyncWindow w = planner.plan(Optional.of(future), Instant.parse("2026-11-22T12:00:00Z"));

        assertThat(w.isEmpty()).isTrue();
        assertThat(w.from()).isEqualTo(w.to());
    }

    @Test
    void explicitWindowCoversExactlyItsDays() {
        SyncWindow w = WindowPlanner.explicit(Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-11-03T00:00:00Z"));

        assertThat(w.partitions()).extracting(LocalDate::toString).containsExactly("2026-11-01", "2026-11-02");
    }

    @Test
    void windowBoundsHaveMillisecondPrecisionLikeTheSortKey() {
        SyncWindow w = planner.plan(Optional.empty(), Instant.parse("2026-11-22T12:00:00.123456789Z"));

        assertThat(w.from()).isEqualTo(Instant.parse("2026-11-21T11:55:00.123Z"));
        assertThat(w.to()).isEqualTo(Instant.parse("2026-11-22T11:59:55.123Z"));
    }
}
