package dev.tidemark.app;

import com.zaxxer.hikari.HikariDataSource;
import dev.tidemark.cloudwatch.CloudWatchHealthMetrics;
import dev.tidemark.cloudwatch.ObservedRunLog;
import dev.tidemark.cloudwatch.RunMetrics;
import dev.tidemark.core.WindowPlanner;
import dev.tidemark.dynamodb.DynamoDbItemFetcher;
import dev.tidemark.dynamodb.DynamoDbSourceSample;
import dev.tidemark.dynamodb.DynamoDbSourceKeys;
import dev.tidemark.dynamodb.DynamoDbSourceReader;
import dev.tidemark.dynamodb.ReadCapacityLimiter;
import dev.tidemark.postgres.PostgresBackfillLog;
import dev.tidemark.postgres.PostgresCheckpointStore;
import dev.tidemark.postgres.PostgresDatabase;
import dev.tidemark.postgres.PostgresKeyReconciler;
import dev.tidemark.postgres.PostgresQuarantine;
import dev.tidemark.postgres.PostgresReconcileProgress;
import dev.tidemark.postgres.PostgresRunLock;
import dev.tidemark.postgres.PostgresRunLog;
import dev.tidemark.postgres.PostgresSchema;
import dev.tidemark.postgres.RefreshingDataSource;
import dev.tidemark.postgres.RetryingPageSink;
import dev.tidemark.secrets.DatabaseCredentials;
import dev.tidemark.secrets.SecretsManagerCredentials;
import dev.tidemark.ssm.SsmCheckpointStore;
import dev.tidemark.stepfunctions.StepFunctionsFanOut;
import dev.tidemark.core.mapping.RecordMapper;
import dev.tidemark.postgres.PostgresMappedSink;
import dev.tidemark.sync.BackfillSlices;
import dev.tidemark.sync.MappedPipeline;
import dev.tidemark.sync.MappedSink;
import dev.tidemark.sync.RowPipeline;
import dev.tidemark.sync.CheckpointStore;
import dev.tidemark.sync.FanOutEngine;
import dev.tidemark.sync.HealthCheck;
import dev.tidemark.sync.RunLog;
import dev.tidemark.sync.PrefetchingSourceReader;
import dev.tidemark.sync.QuarantineReplay;
import dev.tidemark.sync.Reconciler;
import dev.tidemark.sync.ReconcileFanOut;
import dev.tidemark.sync.RecentSweep;
import dev.tidemark.sync.SourceReader;
import dev.tidemark.sync.SyncService;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import javax.sql.DataSource;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The composition root: the one place that builds clients, the pool and the adapters, and wires them into a
 * {@link Tidemark}. Like Powertools' builders, it creates a default SDK client or pool only when none was
 * injected, so tests and the embedded demo pass their own and production gets sensible defaults.
 */
public final class TidemarkBuilder {
    /** Day partitions fetched ahead of the one being written (bounded workers), and pages ahead per partition. */
    static final int READ_AHEAD_PARTITIONS = 2;
    static final int READ_AHEAD_PAGES = 1;
    private final TidemarkConfig config;
    private Clock clock = Clock.systemUTC();
    private DynamoDbClient dynamoDb;
    private SsmClient ssm;
    private DataSource dataSource;
    private CheckpointStore checkpointStore;
    private MappedSink mappedSink;
    private Boolean migrate;
    private SecretsManagerClient secretsManager;
    private CloudWatchClient cloudWatch;
    private RunMetrics runMetrics;
    private SfnClient stepFunctions;

    TidemarkBuilder(TidemarkConfig config) {
        this.config = config;
    }

    public TidemarkBuilder clock(Clock clock) {
        this.clock = clock;
        return this;
    }

    public TidemarkBuilder dynamoDb(DynamoDbClient dynamoDb) {
        this.dynamoDb = dynamoDb;
        return this;
    }

    public TidemarkBuilder ssm(SsmClient ssm) {
        this.ssm = ssm;
        return this;
    }

    public TidemarkBuilder dataSource(DataSource dataSource) {
        this.dataSource = dataSource;
        return this;
    }

    /** Replaces the configured checkpoint store (tests inject faults this way). */
    public TidemarkBuilder checkpointStore(CheckpointStore checkpointStore) {
        this.checkpointStore = checkpointStore;
        return this;
    }

    /** Replaces the PostgreSQL page writer of the mapping (tests inject faults this way). */
    public TidemarkBuilder mappedSink(MappedSink mappedSink) {
        this.mappedSink = mappedSink;
        return this;
    }

    /**
     * Whether to apply pending Flyway migrations when building; by default {@code TIDEMARK_DB_MIGRATE} decides.
     * Without migrating, building checks the schema is current and never attempts DDL.
     */
    public TidemarkBuilder migrate(boolean migrate) {
        this.migrate = migrate;
        return this;
    }

    public TidemarkBuilder secretsManager(SecretsManagerClient secretsManager) {
        this.secretsManager = secretsManager;
        return this;
    }

    public TidemarkBuilder cloudWatch(CloudWatchClient cloudWatch) {
        this.cloudWatch = cloudWatch;
        return this;
    }

    /** Replaces the EMF run metrics chosen by {@code TIDEMARK_METRICS} (tests capture them this way). */
    public TidemarkBuilder runMetrics(RunMetrics runMetrics) {
        this.runMetrics = runMetrics;
        return this;
    }

    public TidemarkBuilder stepFunctions(SfnClient stepFunctions) {
        this.stepFunctions = stepFunctions;
        return this;
    }

    /**
     * The backfill state machine alone, for the CLI's {@code backfill --fan-out}: no database and no table, since
     * the slices run in the functions. A default client reads the standard AWS variables and lives as long as
     * the process.
     */
    public FanOutEngine buildFanOut(String stateMachineArn) {
        SfnClient client = stepFunctions != null ? stepFunctions
                : new DefaultClients(config).stepFunctions();
        return new StepFunctionsFanOut(client, stateMachineArn);
    }

    /**
     * The source table alone, for the CLI's {@code mapping check}: DescribeTable and a sampling Scan, no database.
     */
    public DynamoDbSourceSample buildSourceSample() {
        return dynamoDb != null ? new DynamoDbSourceSample(dynamoDb, false)
                : new DynamoDbSourceSample(new DefaultClients(config).dynamoDb(), true);
    }

    /**
     * The health check alone: the checkpoint store and CloudWatch, no database pool and no migrations, so the
     * health function needs neither VPC access nor database credentials. Its default clients live as long as
     * the container.
     */
    public HealthCheck buildHealthCheck() {
        CheckpointStore checkpoints = checkpointStore;
        if (checkpoints == null) {
            checkpoints = config.checkpointStore().equals("postgres")
                    ? new PostgresCheckpointStore(dataSource != null ? dataSource : pool(databaseCredentials()),
                    config.checkpointParameter())
                    : new SsmCheckpointStore(ssm != null ? ssm : new DefaultClients(config).ssm(), config.checkpointParameter());
        }
        CloudWatchClient client = cloudWatch != null ? cloudWatch
                : new DefaultClients(config).cloudWatch();
        return new HealthCheck(checkpoints,
                new CloudWatchHealthMetrics(client, config.metricsNamespace(), config.pipelineName()), clock);
    }

    /** From the Secrets Manager secret when one is configured, else from the environment. */
    private DatabaseCredentials databaseCredentials() {
        if (config.databaseSecretId() == null) {
            return new DatabaseCredentials(config.databaseUrl(), config.databaseUser(), config.databasePassword());
        }
        // A client of our own is needed once, at build time: close it right after.
        try (SecretsManagerClient own = secretsManager != null ? null : new DefaultClients(config).secretsManager()) {
            return SecretsManagerCredentials.read(secretsManager != null ? secretsManager : own,
                    config.databaseSecretId(), config.databaseUrl(), config.databaseUser());
        }
    }

    private HikariDataSource pool(DatabaseCredentials credentials) {
        return PostgresDatabase.pool(credentials.jdbcUrl(), credentials.username(), credentials.password(),
                config.databasePoolSize(), config.databaseConnectTimeout());
    }

    /**
     * {@code tidemark migrate}: applies pending migrations as the configured user (the schema owner), then, given a
     * role, grants it what the function needs ({@link PostgresDatabase#grantSyncRole}). Returns what was done, one
     * line each. Nothing else is built; a pool made here is closed before returning.
     */
    public List<String> migrateSchema(String grantTo) {
        HikariDataSource own = dataSource == null ? pool(databaseCredentials()) : null;
        DataSource ds = own != null ? own : dataSource;
        try {
            List<String> done = new ArrayList<>();
            done.add(PostgresDatabase.migrate(ds));
            List<String> mapped = new PostgresSchema(ds).apply(config.mapping());
            done.add("mapped tables of " + config.mapping().root().table() + ": " + (mapped.isEmpty() ? "current"
                    : mapped.size() + " change" + (mapped.size() == 1 ? "" : "s") + " applied"));
            if (grantTo != null) {
                done.addAll(PostgresDatabase.grantSyncRole(ds, grantTo));
            }
            return done;
        } finally {
            if (own != null) {
                own.close();
            }
        }
    }

    public Tidemark build() {
        List<AutoCloseable> owned = new ArrayList<>();
        DataSource ds = dataSource;
        Runnable beforeInvocation = () -> { };
        if (ds == null) {
            // Each pool reads the secret afresh, so a pool rebuilt after a rejected login has the rotated password.
            RefreshingDataSource pool = new RefreshingDataSource(() -> pool(databaseCredentials()));
            owned.add(pool);
            ds = pool;
            beforeInvocation = pool::allowRefresh;
        }
        if (migrate != null ? migrate : config.migrateOnStart()) {
            PostgresDatabase.migrate(ds);
            // The mapped tables follow the mapping; a change it cannot apply safely fails here, one line,
            // before anything is read or written.
            new PostgresSchema(ds).apply(config.mapping());
        } else {
            PostgresDatabase.requireCurrent(ds);
            new PostgresSchema(ds).requireCurrent(config.mapping());
        }
        DynamoDbClient dynamo = dynamoDb;
        if (dynamo == null) {
            dynamo = new DefaultClients(config).dynamoDb();
            owned.add(dynamo);
        }
        CheckpointStore checkpoints = checkpointStore;
        if (checkpoints == null) {
            checkpoints = switch (config.checkpointStore()) {
                case "postgres" -> new PostgresCheckpointStore(ds, config.checkpointParameter());
                default -> {
                    SsmClient client = ssm;
                    if (client == null) {
                        client = new DefaultClients(config).ssm();
                        owned.add(client);
                    }
                    yield new SsmCheckpointStore(client, config.checkpointParameter());
                }
            };
        }
        RunLog runLog = new PostgresRunLog(ds, config.pipelineName(), config.runTimeout(),
                config.runRecordPatience());
        RunMetrics metrics = runMetrics != null ? runMetrics : config.metrics().equals("emf")
                ? RunMetrics.toStdout(config.metricsNamespace(), config.pipelineName()) : RunMetrics.off();
        // One read budget for the process: every shard, read-ahead worker, retry and reconcile Scan draws on it.
        ReadCapacityLimiter readLimit = ReadCapacityLimiter.perSecond(config.readCapacityLimit());
        // Reads the next page while the current one is written, and the next day partitions in parallel.
        SourceReader reader = PrefetchingSourceReader.perWalk(
                new DynamoDbSourceReader(dynamo, config.table(), config.pageSize(), readLimit),
                READ_AHEAD_PARTITIONS, READ_AHEAD_PAGES);
        PostgresKeyReconciler keyReconciler = new PostgresKeyReconciler(ds, config.mapping().root(),
                config.pipelineName());
        long lockKey = PostgresRunLock.keyFor(config.checkpointParameter());
        PostgresReconcileProgress passes = new PostgresReconcileProgress(ds, lockKey, config.pipelineName());
        RowPipeline<?> pipeline = pipeline(ds);
        Reconciler reconciler = new Reconciler(
                new DynamoDbSourceKeys(dynamo, config.table(), DynamoDbSourceKeys.Tombstones.of(
                        config.mapping().source().tombstoneFlag(), config.mapping().source().tombstoneTime()),
                        readLimit),
                keyReconciler,
                new DynamoDbItemFetcher(dynamo, config.table(), readLimit),
                pipeline,
                passes,
                config.reconcileSegments(),
                config.pageSize(),
                clock,
                config.reconcileStateMachine() == null ? null : buildFanOut(config.reconcileStateMachine()));
        SyncService sync = new SyncService(
                reader,
                pipeline,
                checkpoints,
                new ObservedRunLog(runLog, metrics),
                new PostgresRunLock(ds, lockKey),
                new WindowPlanner(config.overlapLag(), config.settleDelay(), config.firstRunLookback()),
                clock,
                new SyncService.CatchUpLimits(config.maxDaysPerRun(), config.timeReserve()),
                reconciler,
                new RecentSweep(reader, pipeline, keyReconciler, config.settleDelay()));
        BackfillSlices backfills = new BackfillSlices(sync, new PostgresBackfillLog(ds, config.pipelineName()), config.settleDelay(),
                config.table().partitionShards(), clock);
        return new Tidemark(config, ds, sync, backfills, runLog, checkpoints, readLimit, passes,
                new ReconcileFanOut(sync, reconciler, passes, clock),
                new QuarantineReplay(new PostgresQuarantine(ds, config.pipelineName()), pipeline, runLog,
                        new PostgresRunLock(ds, lockKey), clock),
                owned, beforeInvocation);
    }

    /**
     * How this pipeline turns items into rows: {@link RecordMapper} and the sink whose SQL the mapping declares
     * (the built-in default mapping included). Transient PostgreSQL errors are retried per page around whatever
     * sink is used (tests inject faulty ones underneath, so the retry they exercise is this one). Syncs,
     * reconciles, sweeps and quarantine replays all write through it.
     */
    private RowPipeline<?> pipeline(DataSource ds) {
        MappedSink sink = mappedSink != null ? mappedSink : new PostgresMappedSink(ds, config.mapping());
        return new MappedPipeline(new RecordMapper(config.mapping()), new RetryingPageSink(sink, retryPolicy()));
    }

    private RetryingPageSink.Policy retryPolicy() {
        return new RetryingPageSink.Policy(config.dbRetryAttempts(), config.dbRetryBaseDelay(),
                config.dbRetryMaxDelay());
    }
}
