package dev.tidemark.testing;

import com.zaxxer.hikari.HikariDataSource;
import dev.tidemark.app.Tidemark;
import dev.tidemark.app.TidemarkBuilder;
import dev.tidemark.app.TidemarkConfig;
import dev.tidemark.dynamodb.SourceTable;
import dev.tidemark.local.DynamoDbLocalServer;
import dev.tidemark.local.EmbeddedPostgresServer;
import dev.tidemark.local.MotoServer;
import dev.tidemark.local.SourceTables;
import dev.tidemark.postgres.PostgresDatabase;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ssm.SsmClient;

import java.net.URI;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real components for tests: one embedded PostgreSQL, one DynamoDB Local and one moto_server per test
 * JVM, started on first use and stopped at exit; each test class gets its own database, table and SSM
 * parameter, so classes never see each other's data.
 */
public final class TestStack implements AutoCloseable {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static EmbeddedPostgresServer postgres;
    private static DynamoDbLocalServer dynamo;
    private static MotoServer moto;

    public final String name;
    public final String jdbcUrl;
    public final HikariDataSource dataSource;
    public final DynamoDbClient dynamoDb;
    public final SsmClient ssm;
    public final SourceTable table;
    public final String checkpointParameter;

    private TestStack(String name) {
        this.name = name;
        this.jdbcUrl = postgres().createDatabase(name);
        this.dataSource = PostgresDatabase.pool(jdbcUrl, "postgres", null, 8);
        this.dynamoDb = dynamo().client();
        this.ssm = ssmClient(moto().endpoint());
        this.table = new SourceTable("source-" + name, "updatedDate-updatedAt-index", "contentId", "updatedDate",
                "updatedAt");
        this.checkpointParameter = "/tidemark/" + name + "/checkpoint";
        SourceTables.create(dynamoDb, table);
    }

    /** A fresh database, table and parameter for one test class. */
    public static TestStack forClass(Class<?> testClass) {
        String name = testClass.getSimpleName().toLowerCase(Locale.ROOT) + "_" + COUNTER.incrementAndGet();
        return new TestStack(name);
    }

    /** Empties the database's tables, the source table and the checkpoint, for a test that needs a clean start. */
    public void reset() {
        PostgresDatabase.migrate(dataSource);
        Sql.execute(dataSource, "TRUNCATE content, content_tags, creators, communities, tags, quarantine, sync_runs,"
                + " checkpoints, reconcile_passes, reconcile_pieces");
        try {
            ssm.deleteParameter(r -> r.name(checkpointParameter));
        } catch (software.amazon.awssdk.services.ssm.model.ParameterNotFoundException alreadyGone) {
            // nothing to delete
        }
        dynamoDb.scanPaginator(r -> r.tableName(table.tableName()).projectionExpression("#k")
                        .expressionAttributeNames(Map.of("#k", table.keyAttribute())))
                .items().forEach(key -> dynamoDb.deleteItem(r -> r.tableName(table.tableName()).key(key)));
    }

    /** The configuration a deployed function would read, pointing at this stack. */
    public Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put(TidemarkConfig.ENV_DB_URL, jdbcUrl);
        env.put(TidemarkConfig.ENV_DB_USER, "postgres");
        env.put(TidemarkConfig.ENV_TABLE, table.tableName());
        env.put(TidemarkConfig.ENV_INDEX, table.indexName());
        env.put(TidemarkConfig.ENV_CHECKPOINT_PARAMETER, checkpointParameter);
        env.put(TidemarkConfig.ENV_CHECKPOINT_STORE, "ssm");
        return env;
    }

    public TidemarkConfig config(Map<String, String> overrides) {
        Map<String, String> env = environment();
        env.putAll(overrides);
        return TidemarkConfig.fromEnvironment(env);
    }

    /** The application wired to this stack's real components. */
    public TidemarkBuilder application(Map<String, String> overrides) {
        return Tidemark.builder(config(overrides)).dataSource(dataSource).dynamoDb(dynamoDb).ssm(ssm);
    }

    public static URI dynamoEndpoint() {
        return dynamo().endpoint();
    }

    public static URI motoEndpoint() {
        return moto().endpoint();
    }

    public static SsmClient ssmClient(URI endpoint) {
        return SsmClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    @Override
    public void close() {
        dataSource.close();
        dynamoDb.close();
        ssm.close();
    }

    private static synchronized EmbeddedPostgresServer postgres() {
        if (postgres == null) {
            postgres = EmbeddedPostgresServer.start();
            Runtime.getRuntime().addShutdownHook(new Thread(postgres::close));
        }
        return postgres;
    }

    private static synchronized DynamoDbLocalServer dynamo() {
        if (dynamo == null) {
            dynamo = DynamoDbLocalServer.start();
            Runtime.getRuntime().addShutdownHook(new Thread(dynamo::close));
        }
        return dynamo;
    }

    private static synchronized MotoServer moto() {
        if (moto == null) {
            moto = MotoServer.start();
            Runtime.getRuntime().addShutdownHook(new Thread(moto::close));
        }
        return moto;
    }
}
