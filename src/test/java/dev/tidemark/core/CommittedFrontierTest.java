package dev.tidemark.core;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 13: the committed frontier of a walk, the minimum over shards, inside a day and across days. */
class CommittedFrontierTest {
    private static final LocalDate D1 = LocalDate.parse("2026-11-29");
    private static final LocalDate D2 = LocalDate.parse("2026-11-30");
    private static final Instant FROM = Instant.parse("2026-11-29T23:55:00Z");
    private static final Instant TO = Instant.parse("2026-11-30T10:00:00Z");
    private static final SyncWindow WINDOW = new SyncWindow(FROM, TO, List.of(D1.minusDays(1), D1, D2));

    @Test
    void nothingReadIsTheWindowStartAndEverythingReadIsItsEnd() {
        CommittedFrontier f = new CommittedFrontier(WINDOW, 1);
        assertThat(f.frontier()).isEqualTo(FROM);
        // The overlap day before the window is still read (first: it stands lowest), then no longer holds it.
        DayShard overlap = new DayShard(D1.minusDays(1), 0, 1);
        assertThat(f.lowest(List.of(overlap, new DayShard(D1, 0, 1)))).contains(overlap);
        f.finished(overlap);
        assertThat(f.frontier()).isEqualTo(FROM);
        f.finished(new DayShard(D1, 0, 1));
        assertThat(f.frontier()).as("the next day starts at midnight").isEqualTo(Instant.parse("2026-11-30T00:00:00Z"));
        f.finished(new DayShard(D2, 0, 1));
        assertThat(f.frontier()).isEqualTo(TO);
        assertThat(f.describe()).isEqualTo("window end " + TO);
    }

    @Test
    void insideADayTheFrontierIsTheLowestShardsLastCommittedKey() {
        CommittedFrontier f = new CommittedFrontier(WINDOW, 3);
        DayShard.of(D1.minusDays(1), 3).forEach(f::finished);
        DayShard.of(D1, 3).forEach(f::finished);
        List<DayShard> day = DayShard.of(D2, 3);
        f.committed(day.get(0), Optional.of(at("04:00")));
        f.committed(day.get(1), Optional.of(at("02:00")));
        assertThat(f.frontier()).as("shard 2 has committed nothing yet").isEqualTo(at("00:00"));
        assertThat(f.lowest(day)).contains(day.get(2));
        f.committed(day.get(2), Optional.of(at("03:00")));
        assertThat(f.frontier()).isEqualTo(at("02:00"));
        assertThat(f.lowest(day)).contains(day.get(1));
        f.finished(day.get(1));
        assertThat(f.frontier()).as("a shard read to its end no longer holds the frontier").isEqualTo(at("03:00"));
        assertThat(f.describe()).isEqualTo("inside 2026-11-30 at 2026-11-30T03:00:00Z (the lowest of 3 shards; 1 read to the end)");
        f.committed(day.get(2), Optional.empty());
        assertThat(f.frontier()).as("a page without a well-formed key does not move its shard").isEqualTo(at("03:00"));
        f.committed(day.get(2), Optional.of(at("01:00")));
        assertThat(f.frontier()).as("positions never move back").isEqualTo(at("03:00"));
        day.forEach(f::finished);
        assertThat(f.lowest(day)).isEmpty();
        assertThat(f.frontier()).isEqualTo(TO);
    }

    @Test
    void aKeyBelowTheWindowStartCountsAsTheStart() {
        CommittedFrontier f = new CommittedFrontier(WINDOW, 1);
        f.committed(new DayShard(D1, 0, 1), Optional.of(FROM.minusSeconds(60)));
        assertThat(f.frontier()).isEqualTo(FROM);
    }

    @Test
    void shardKeysAreTheDateAloneOrTheDateAndTheShard() {
        assertThat(new DayShard(D2, 0, 1).partitionKey()).isEqualTo("2026-11-30");
        assertThat(DayShard.of(D2, 3)).extracting(DayShard::partitionKey)
                .containsExactly("2026-11-30#0", "2026-11-30#1", "2026-11-30#2");
    }

    private static Instant at(String hhmm) {
        return Instant.parse("2026-11-30T" + hhmm + ":00Z");
    }
}
