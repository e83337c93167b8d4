package dev.tidemark.sync;

import dev.tidemark.core.Slice;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** A fanned-out backfill as planned: its id (the Step Functions execution name), its days and its slices. */
public record BackfillPlan(String backfillId, LocalDate from, LocalDate to, int shards, List<Slice> slices,
                           Instant plannedAt) {
    public BackfillPlan {
        slices = List.copyOf(slices);
    }
}
