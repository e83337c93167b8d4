package dev.tidemark.app;

import com.zaxxer.hikari.HikariDataSource;
import dev.tidemark.core.WindowPlanner;
import dev.tidemark.core.parse.ItemParser;
import dev.tidemark.dynamodb.DynamoDbSourceReader;
import dev.tidemark.postgres.PostgresCheckpointStore;
import dev.tidemark.postgres.PostgresDatabase;
import dev.tidemark.postgres.PostgresPageSink;
import dev.tidemark.postgres.PostgresRunLock;
import dev.tidemark.postgres.PostgresRunLog;
import dev.tidemark.ssm.SsmCheckpointStore;
import dev.tidemark.sync.CheckpointStore;
import dev.tidemark.sync.PageSink;
import dev.tidemark.sync.RunLog;
import dev.tidemark.sync.PrefetchingSourceReader;
import dev.tidemark.sync.SyncService;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ssm.SsmClient;

import javax.sql.DataSource;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The composition root: the one place that builds clients, the pool and the adapters, and wires them.
 * Built once per Lambda container (or CLI process) and reused by every run.
 *
 * <p>Like Powertools' builders, it creates a default SDK client or pool only when none was injected, so
 * tests and the embedded demo pass their own and production gets sensible defaults.
 */
public final class Tidemark implements AutoCloseable {
    private final TidemarkConfig config;
    private final DataSource dataSource;
    private final SyncService sync;
    private final RunLog runLog;
    private final CheckpointStore checkpoints;
    private final List<AutoCloseable> owned;

    private Tidemark(TidemarkConfig config, DataSource dataSource, SyncService sync, RunLog runLog,
                     CheckpointStore checkpoints, List<AutoCloseable> owned) {
        this.config = config;
        this.dataSource = dataSource;
        this.sync = sync;
        this.runLog = runLog;
        this.checkpoints = checkpoints;
        this.owned = owned;
    }

    public static Builder builder(TidemarkConfig config) {
        return new Builder(config);
    }

    public TidemarkConfig config() {
        return config;
    }

    public SyncService sync() {
        return sync;
    }

    public RunLog runLog() {
        return runLog;
    }

    public CheckpointStore checkpoints() {
        return checkpoints;
    }

    public DataSource dataSource() {
        return dataSource;
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

    /** Day partitions fetched ahead of the one being written (bounded workers), and pages ahead per partition. */
    static final int READ_AHEAD_PARTITIONS = 2;
    static final int READ_AHEAD_PAGES = 1;

    public static final class Builder {
        private final TidemarkConfig config;
        private Clock clock = Clock.systemUTC();
        private DynamoDbClient dynamoDb;
        private SsmClient ssm;
        private DataSource dataSource;
        private CheckpointStore checkpointStore;
        private PageSink pageSink;
        private boolean migrate = true;

        private Builder(TidemarkConfig config) {
            this.config = config;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public Builder dynamoDb(DynamoDbClient dynamoDb) {
            this.dynamoDb = dynamoDb;
            return this;
        }

        public Builder ssm(SsmClient ssm) {
            this.ssm = ssm;
            return this;
        }

        public Builder dataSource(DataSource dataSource) {
            this.dataSource = dataSource;
            return this;
        }

        /** Replaces the configured checkpoint store (tests inject faults this way). */
        public Builder checkpointStore(CheckpointStore checkpointStore) {
            this.checkpointStore = checkpointStore;
            return this;
        }

        /** Replaces the PostgreSQL page writer (tests inject faults this way). */
        public Builder pageSink(PageSink pageSink) {
            this.pageSink = pageSink;
            return this;
        }

        /** Whether to apply pending Flyway migrations when building (default true). */
        public Builder migrate(boolean migrate) {
            this.migrate = migrate;
            return this;
        }

        public Tidemark build() {
            List<AutoCloseable> owned = new ArrayList<>();
            DataSource ds = dataSource;
            if (ds == null) {
                HikariDataSource pool = PostgresDatabase.pool(config.databaseUrl(), config.databaseUser(),
                        config.databasePassword(), config.databasePoolSize());
                owned.add(pool);
                ds = pool;
            }
            if (migrate) {
                PostgresDatabase.migrate(ds);
            }
            DynamoDbClient dynamo = dynamoDb;
            if (dynamo == null) {
                dynamo = defaultDynamoDb();
                owned.add(dynamo);
            }
            CheckpointStore checkpoints = checkpointStore;
            if (checkpoints == null) {
                checkpoints = switch (config.checkpointStore()) {
                    case "postgres" -> new PostgresCheckpointStore(ds, config.checkpointParameter());
                    default -> {
                        SsmClient client = ssm;
                        if (client == null) {
                            client = defaultSsm();
                            owned.add(client);
                        }
                        yield new SsmCheckpointStore(client, config.checkpointParameter());
                    }
                };
            }
            RunLog runLog = new PostgresRunLog(ds);
            // Reads the next page while the current one is written, and the next day partitions in parallel.
            PrefetchingSourceReader reader = new PrefetchingSourceReader(
                    new DynamoDbSourceReader(dynamo, config.table(), config.pageSize()),
                    READ_AHEAD_PARTITIONS, READ_AHEAD_PAGES);
            owned.add(reader);
            SyncService sync = new SyncService(
                    reader,
                    new ItemParser(config.schema()),
                    pageSink == null ? new PostgresPageSink(ds) : pageSink,
                    checkpoints,
                    runLog,
                    new PostgresRunLock(ds, PostgresRunLock.keyFor(config.checkpointParameter())),
                    new WindowPlanner(config.overlapLag(), config.settleDelay(), config.firstRunLookback()),
                    clock,
                    new SyncService.CatchUpLimits(config.maxDaysPerRun(), config.timeReserve()));
            return new Tidemark(config, ds, sync, runLog, checkpoints, owned);
        }

        /**
         * Throttling is retried by the SDK's standard strategy: exponential backoff with jitter, and retries
         * drawn from a shared token bucket so a throttled table is not hammered harder.
         */
        private static DynamoDbClient defaultDynamoDb() {
            return DynamoDbClient.builder()
                    .httpClientBuilder(UrlConnectionHttpClient.builder())
                    .overrideConfiguration(o -> o.retryStrategy(
                            AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(8).build()))
                    .build();
        }

        /** The checkpoint write is retried up to 3 attempts with exponential backoff by the SDK's standard strategy. */
        private static SsmClient defaultSsm() {
            return SsmClient.builder()
                    .httpClientBuilder(UrlConnectionHttpClient.builder())
                    .overrideConfiguration(o -> o.retryStrategy(
                            AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(3).build()))
                    .build();
        }
    }
}
