package dev.tidemark.core;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SlicePlanTest {
    private static final Instant LATER = Instant.parse("2030-01-01T00:00:00Z");
    private static final LocalDate NOV_1 = LocalDate.of(2026, 11, 1);

    @Test
    void unshardedKeysGiveOneSlicePerDayWithoutAShard() {
        List<Slice> plan = SlicePlan.plan(NOV_1, NOV_1.plusDays(2), 1, LATER);

        assertThat(plan).containsExactly(new Slice(NOV_1, null), new Slice(NOV_1.plusDays(1), null),
                new Slice(NOV_1.plusDays(2), null));
        assertThat(plan).extracting(Slice::key).containsExactly("2026-11-01", "2026-11-02", "2026-11-03");
    }

    @Test
    void shardedKeysGiveDaysTimesShardsDayByDay() {
        List<Slice> plan = SlicePlan.plan(NOV_1, NOV_1.plusDays(1), 3, LATER);

        assertThat(plan).extracting(Slice::key).containsExactly("2026-11-01#0", "2026-11-01#1", "2026-11-01#2",
                "2026-11-02#0", "2026-11-02#1", "2026-11-02#2");
    }

    @Test
    void aDayThatHasNotBegunBeforeTheSettleLimitIsLeftOutAndTodayIsCutThere() {
        Instant settled = Instant.parse("2026-11-02T10:00:00Z");

        List<Slice> plan = SlicePlan.plan(NOV_1, NOV_1.plusDays(5), 1, settled);

        assertThat(plan).extracting(Slice::key).containsExactly("2026-11-01", "2026-11-02");
        assertThat(SlicePlan.window(plan.getFirst(), settled))
                .isEqualTo(new SyncWindow(Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-11-02T00:00:00Z"),
                        List.of(NOV_1)));
        assertThat(SlicePlan.window(plan.getLast(), settled))
                .isEqualTo(new SyncWindow(Instant.parse("2026-11-02T00:00:00Z"), settled, List.of(NOV_1.plusDays(1))));
        assertThat(SlicePlan.plan(NOV_1.plusDays(2), NOV_1.plusDays(5), 1, settled)).isEmpty();
        assertThatThrownBy(() -> SlicePlan.window(new Slice(NOV_1.plusDays(2), null), settled))
                .hasMessageContaining("has not begun");
    }

    @Test
    void aPlanLargerThanOnePayloadIsRefusedWithWhatToDo() {
        assertThat(SlicePlan.plan(NOV_1, NOV_1.plusDays(155), 32, LATER)).hasSize(SlicePlan.MAX_SLICES - 8);
        assertThatThrownBy(() -> SlicePlan.plan(NOV_1, NOV_1.plusDays(156), 32, LATER))
                .hasMessageContaining("split 2026-11-01..2027-04-06");
    }

    @Test
    void badRangesAndShardCountsAreRefused() {
        assertThatThrownBy(() -> SlicePlan.plan(NOV_1, NOV_1.minusDays(1), 1, LATER)).hasMessageContaining("before");
        assertThatThrownBy(() -> SlicePlan.plan(NOV_1, NOV_1, 0, LATER)).hasMessageContaining("shards");
    }

    @Test
    void aSliceKeyParsesBack() {
        assertThat(Slice.parse("2026-11-01")).isEqualTo(new Slice(NOV_1, null));
        assertThat(Slice.parse("2026-11-01#7")).isEqualTo(new Slice(NOV_1, 7));
        assertThatThrownBy(() -> Slice.parse("2026-11-01#x")).hasMessageContaining("YYYY-MM-DD#n");
        assertThatThrownBy(() -> new Slice(NOV_1, -1)).hasMessageContaining("shard");
    }
}
