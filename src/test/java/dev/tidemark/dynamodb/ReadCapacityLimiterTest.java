package dev.tidemark.dynamodb;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 13: the read budget, on a fake clock: consumed units are paid back at the limit before the next read. */
class ReadCapacityLimiterTest {
    private long now;
    private final List<Long> sleeps = new ArrayList<>();
    private final ReadCapacityLimiter limiter = new ReadCapacityLimiter(100, () -> now, nanos -> {
        sleeps.add(nanos);
        now += nanos;
    });

    @Test
    void aRequestWaitsUntilTheDebtOfThePreviousOnesIsPaid() {
        limiter.acquire();
        assertThat(sleeps).as("a full bucket: one second of units").isEmpty();
        limiter.consumed(100);
        limiter.acquire();
        assertThat(sleeps).as("the bucket is empty, not in debt").isEmpty();
        limiter.consumed(250);
        limiter.acquire();
        assertThat(sleeps).containsExactly(2_500_000_000L);
        assertThat(limiter.consumedTotal()).isEqualTo(350);
    }

    @Test
    void overAnyStretchTheUnitsConsumedStayWithinTheLimitPlusOneSecondsBurst() {
        long start = now;
        for (int i = 0; i < 200; i++) {
            limiter.acquire();
            limiter.consumed(37.5);
            now += 10_000_000L; // 10 ms of work between requests
        }
        double seconds = (now - start) / 1e9;
        assertThat(limiter.consumedTotal()).isLessThanOrEqualTo(100 * seconds + 100 + 37.5);
        assertThat(limiter.consumedTotal() / seconds).isGreaterThan(90);
    }

    @Test
    void idleTimeRefillsNoMoreThanOneSecondOfUnits() {
        now += 60_000_000_000L;
        limiter.consumed(150);
        limiter.acquire();
        assertThat(sleeps).containsExactly(500_000_000L);
    }

    @Test
    void zeroMeansUnlimited() {
        ReadCapacityLimiter off = ReadCapacityLimiter.perSecond(0);
        off.consumed(1e9);
        off.acquire();
        assertThat(off.limited()).isFalse();
    }
}
