package dev.tidemark.app;

import dev.tidemark.dynamodb.ReadCapacityLimiter;
import dev.tidemark.postgres.RefreshingDataSource;
import dev.tidemark.sync.BackfillSlices;
import dev.tidemark.sync.CheckpointStore;
import dev.tidemark.sync.QuarantineReplay;
import dev.tidemark.sync.ReconcileFanOut;
import dev.tidemark.sync.ReconcileProgress;
import dev.tidemark.sync.RunLog;
import dev.tidemark.sync.SyncService;

import javax.sql.DataSource;
import java.util.List;

/**
 * The application as the handler and the CLI use it: the sync, the backfill steps, the run log and the
 * checkpoint store, wired by {@link TidemarkBuilder} (the one composition root). Built once per Lambda container
 * (or CLI process) and reused by every run; closing it closes what the builder created.
 */
public final class Tidemark implements AutoCloseable {
    private final TidemarkConfig config;
    private final DataSource dataSource;
    private final SyncService sync;
    private final BackfillSlices backfills;
    private final RunLog runLog;
    private final CheckpointStore checkpoints;
    private final ReadCapacityLimiter readLimit;
    private final ReconcileProgress reconcilePasses;
    private final ReconcileFanOut reconcileFanOut;
    private final QuarantineReplay quarantineReplay;
    private final List<AutoCloseable> owned;
    private final Runnable beforeInvocation;

    Tidemark(TidemarkConfig config, DataSource dataSource, SyncService sync, BackfillSlices backfills,
                     RunLog runLog, CheckpointStore checkpoints, ReadCapacityLimiter readLimit,
                     ReconcileProgress reconcilePasses, ReconcileFanOut reconcileFanOut,
                     QuarantineReplay quarantineReplay, List<AutoCloseable> owned, Runnable beforeInvocation) {
        this.config = config;
        this.dataSource = dataSource;
        this.sync = sync;
        this.backfills = backfills;
        this.runLog = runLog;
        this.checkpoints = checkpoints;
        this.readLimit = readLimit;
        this.reconcilePasses = reconcilePasses;
        this.reconcileFanOut = reconcileFanOut;
        this.quarantineReplay = quarantineReplay;
        this.owned = owned;
        this.beforeInvocation = beforeInvocation;
    }

    public static TidemarkBuilder builder(TidemarkConfig config) {
        return new TidemarkBuilder(config);
    }

    public TidemarkConfig config() {
        return config;
    }

    public SyncService sync() {
        return sync;
    }

    /** The steps of a backfill fanned out on Step Functions: plan, slice, summary. */
    public BackfillSlices backfills() {
        return backfills;
    }

    public RunLog runLog() {
        return runLog;
    }

    public CheckpointStore checkpoints() {
        return checkpoints;
    }

    /** Where the reconcile passes stand ({@code tidemark status}). */
    public ReconcileProgress reconcilePasses() {
        return reconcilePasses;
    }

    /** The steps of a reconcile pass fanned out on the backfill state machine. */
    public ReconcileFanOut reconcileFanOut() {
        return reconcileFanOut;
    }

    /** Re-parses open quarantine entries with this pipeline's parser or mapping and writes those that now pass. */
    public QuarantineReplay quarantineReplay() {
        return quarantineReplay;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** Before each run: the credentials may be refreshed once more ({@link RefreshingDataSource}). */
    public void beginInvocation() {
        beforeInvocation.run();
    }

    /** The one read budget ({@code TIDEMARK_READ_CAPACITY_LIMIT}) every DynamoDB read of this process draws on. */
    public ReadCapacityLimiter readLimit() {
        return readLimit;
    }

    @Override
    public void close() {
        for (AutoCloseable resource : owned.reversed()) {
            try {
                resource.close();
            } catch (Exception ignored) {
                // closing at shutdown: nothing left to do with a failure
            }
        }
    }
}
