package dev.tidemark.sync;

import java.time.Instant;

/** A stretch {@code [from, to)} of the {@code updatedAt} timeline that no succeeded or partial run has covered. */
public record CoverageGap(Instant from, Instant to) {
}
