package dev.tidemark.sync;

import java.time.LocalDate;

/** The engine a backfill fans out on (Step Functions): start one execution of the backfill, then follow it. */
public interface FanOutEngine {

    /** Starts the backfill of {@code from..to} (inclusive UTC days) named {@code backfillId}; returns its execution id. */
    String start(String backfillId, LocalDate from, LocalDate to);

    /** Starts a fanned-out reconcile pass (the same state machine) named {@code executionName}; returns its execution id. */
    String startReconcile(String executionName);

    FanOutProgress progress(String execution);
}
