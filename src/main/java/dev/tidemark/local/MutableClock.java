package dev.tidemark.local;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that can be moved forward: lets the demo and the tests play "an hour later". Over a ticking base
 * clock it keeps ticking (so run durations stay real); over a fixed one it stands still.
 */
public final class MutableClock extends Clock {
    private final Clock base;
    private volatile Duration offset = Duration.ZERO;

    public MutableClock(Clock base) {
        this.base = base;
    }

    public MutableClock(Instant fixed) {
        this(Clock.fixed(fixed, ZoneOffset.UTC));
    }

    public void advance(Duration by) {
        offset = offset.plus(by);
    }

    public void set(Instant instant) {
        offset = Duration.between(base.instant(), instant);
    }

    @Override
    public Instant instant() {
        return base.instant().plus(offset);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
