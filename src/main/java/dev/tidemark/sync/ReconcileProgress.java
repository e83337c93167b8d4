package dev.tidemark.sync;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Where reconcile passes stand, kept beside the run records ({@code reconcile_passes}, {@code reconcile_pieces}):
 * each piece's cursor and counts are written after every committed page, so an invocation that dies or runs out
 * of time leaves the next one to continue the piece where it stopped.
 */
public interface ReconcileProgress {

    /**
     * The running pass of this kind (real or dry), or a new one with the pieces {@code plan} gives (planned only
     * when a new pass starts). Two invocations racing to start one end up on the same pass.
     */
    ReconcilePass openOrContinue(String newPassId, boolean dryRun, Instant at, Supplier<List<ReconcilePiece>> plan);

    /** The pass's pieces in order, with their cursors. */
    List<ReconcilePiece> pieces(String passId);

    /**
     * After a committed page: the piece continues at {@code cursor} (done: read to its end) and adds
     * {@code counts}. Throws {@link IllegalStateException} if the pass is no longer running (abandoned by
     * {@code reconcile --restart}).
     */
    void advance(String passId, int piece, String cursor, boolean done, PieceCounts counts);

    /** Marks the pass completed if every piece is done; the pass as it now stands. */
    ReconcilePass completeIfDone(String passId, Instant at);

    /** Abandons the running pass of this kind, if any ({@code reconcile --restart}); returns it. */
    Optional<ReconcilePass> abandon(boolean dryRun, Instant at);

    /** The latest pass of this kind, running or not. */
    Optional<ReconcilePass> latest(boolean dryRun);

    /** The latest completed pass, dry or not (what {@code status} says the store agrees or not on). */
    Optional<ReconcilePass> lastCompleted();

    /**
     * A lock on one piece, so two invocations (the CLI beside the scheduled function, map items of a fan-out)
     * never work on the same piece at once. It does not exclude the sync.
     */
    RunLock pieceLock(String passId, int piece);
}
