package dev.tidemark.testing;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class TestClocksTest {
    private static Instant noonBefore(String wall, int hoursAhead) {
        return TestClocks.recentNoon(Clock.fixed(Instant.parse(wall), ZoneOffset.UTC), Duration.ofHours(hoursAhead));
    }

    @Test
    void theAnchorIsTheLatestNoonThatLeavesRoomToAdvance() {
        assertThat(noonBefore("2028-02-29T23:59:00Z", 3)).isEqualTo("2028-02-29T12:00:00Z");
        assertThat(noonBefore("2028-02-29T14:59:00Z", 3)).isEqualTo("2028-02-28T12:00:00Z");
        assertThat(noonBefore("2028-03-01T00:01:00Z", 3)).isEqualTo("2028-02-29T12:00:00Z");
        assertThat(noonBefore("2026-12-07T15:00:00Z", 3)).isEqualTo("2026-12-07T12:00:00Z");
    }
}
