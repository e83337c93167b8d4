package dev.tidemark.dynamodb;

import dev.tidemark.core.mapping.TimeFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 20: an epoch sort key's key condition is exactly the window {@code [from, to)}, as the ISO-8601 one is. */
class SortKeyBoundsTest {

    @Test
    void epochMillisBoundsAreTheFirstMillisecondAtOrAboveFromAndTheLastBelowTo() {
        Instant from = Instant.parse("2026-11-30T10:00:00.000Z");
        Instant to = Instant.parse("2026-11-30T11:00:00.000Z");
        assertThat(DynamoDbSourceReader.lowerBound(TimeFormat.EPOCH_MILLIS, from).n())
                .isEqualTo(Long.toString(from.toEpochMilli()));
        assertThat(DynamoDbSourceReader.upperBound(TimeFormat.EPOCH_MILLIS, to).n())
                .isEqualTo(Long.toString(to.toEpochMilli() - 1));
        // Sub-millisecond instants: the millisecond holding 'from' starts before it; the one holding 'to' is below it.
        Instant odd = Instant.parse("2026-11-30T10:00:00.000500Z");
        assertThat(DynamoDbSourceReader.lowerBound(TimeFormat.EPOCH_MILLIS, odd).n())
                .isEqualTo(Long.toString(odd.toEpochMilli() + 1));
        assertThat(DynamoDbSourceReader.upperBound(TimeFormat.EPOCH_MILLIS, odd).n())
                .isEqualTo(Long.toString(odd.toEpochMilli()));
        assertThat(DynamoDbSourceReader.lowerBound(TimeFormat.ISO_8601, from).s()).isEqualTo("2026-11-30T10:00:00.000Z");
        assertThat(DynamoDbSourceReader.upperBound(TimeFormat.ISO_8601, to).s()).isEqualTo("2026-11-30T10:59:59.999Z");
    }

    /** A value v (in the format's unit) is inside the bounds exactly when the instant it stands for is in [from, to). */
    @Property(tries = 500)
    void aValueIsInsideTheBoundsExactlyWhenItsInstantIsInTheWindow(
            @ForAll @LongRange(min = 0, max = 4_000_000_000_000L) long fromMicros,
            @ForAll @LongRange(min = 0, max = 5_000_000) long lengthMicros,
            @ForAll @LongRange(min = -3_000, max = 3_000) long offsetMillis) {
        Instant from = Instant.EPOCH.plusNanos(fromMicros * 1000);
        Instant to = from.plusNanos(lengthMicros * 1000);
        for (TimeFormat format : new TimeFormat[] {TimeFormat.EPOCH_MILLIS, TimeFormat.EPOCH_SECONDS}) {
            long unitNanos = format == TimeFormat.EPOCH_MILLIS ? 1_000_000L : 1_000_000_000L;
            long value = Math.floorDiv(from.toEpochMilli() * 1_000_000L, unitNanos) + offsetMillis;
            Instant at = Instant.EPOCH.plusNanos(Math.multiplyExact(value, unitNanos));
            long lower = Long.parseLong(DynamoDbSourceReader.lowerBound(format, from).n());
            long upper = Long.parseLong(DynamoDbSourceReader.upperBound(format, to).n());
            boolean inWindow = !at.isBefore(from) && at.isBefore(to);
            assertThat(value >= lower && value <= upper).as("%s %d in [%s, %s)", format, value, from, to)
                    .isEqualTo(inWindow);
        }
    }
}
