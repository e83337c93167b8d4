package dev.tidemark.bench;

import dev.tidemark.app.TidemarkConfig;
import dev.tidemark.dynamodb.SourceTable;
import dev.tidemark.local.EmbeddedPostgresServer;
import dev.tidemark.postgres.PostgresDatabase;
import dev.tidemark.testing.DynamoDbCounter;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import com.zaxxer.hikari.HikariDataSource;

import javax.sql.DataSource;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.HashMap;
import java.util.Map;

/**
 * The local stack the benchmark runs on, started by the benchmark: DynamoDB Local (in a JVM of its own, see
 * {@link DynamoDbLocalProcess}) and an embedded PostgreSQL on loopback ports. The benchmark and its child JVMs
 * (memory, cold start) reach both over loopback, as a Lambda reaches DynamoDB and RDS over the network.
 */
final class BenchStack implements AutoCloseable {
    final DynamoDbLocalProcess dynamo = DynamoDbLocalProcess.start();
    final EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start();
    final DynamoDbCounter counter = new DynamoDbCounter();
    final DynamoDbClient dynamoDb = DynamoDbClient.builder()
            .endpointOverride(dynamo.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .overrideConfiguration(o -> o.addExecutionInterceptor(counter))
            .build();
    private int databases;
    private final List<String> unsettled = new ArrayList<>();
    private final List<HikariDataSource> pools = new ArrayList<>();

    /** A fresh database with the canonical schema; returns its JDBC URL. */
    String database(String prefix) {
        String url = postgres.createDatabase(prefix + "_" + (++databases));
        try (var pool = PostgresDatabase.pool(url, "postgres", null, 2)) {
            PostgresDatabase.migrate(pool);
        }
        unsettled.add(url);
        return url;
    }

    /**
     * Leaves no work behind for the next timed phase: the databases written since the last call are vacuumed and
     * analyzed, PostgreSQL checkpoints, and the JVM collects. Otherwise autovacuum of one phase's 200,000 new rows
     * and the checkpoint its WAL triggers run inside the next phase's clock, on the same two cores.
     */
    void settle() {
        try {
            for (String url : unsettled) {
                try (Connection c = DriverManager.getConnection(url, "postgres", null); Statement s = c.createStatement()) {
                    s.execute("VACUUM (ANALYZE)");
                }
            }
            if (!unsettled.isEmpty()) {
                try (Connection c = DriverManager.getConnection(unsettled.getLast(), "postgres", null);
                     Statement s = c.createStatement()) {
                    s.execute("CHECKPOINT");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not settle the benchmark databases", e);
        }
        unsettled.clear();
        System.gc();
    }

    /** A pool on a database of this stack, closed with the stack. */
    DataSource pool(String jdbcUrl) {
        HikariDataSource pool = PostgresDatabase.pool(jdbcUrl, "postgres", null, 3);
        pools.add(pool);
        return pool;
    }

    /** The environment a deployed function would get, pointing at this stack (checkpoint kept in PostgreSQL). */
    Map<String, String> environment(SourceTable table, String jdbcUrl, String lookback) {
        Map<String, String> env = new HashMap<>();
        env.put(TidemarkConfig.ENV_TABLE, table.tableName());
        env.put(TidemarkConfig.ENV_INDEX, table.indexName());
        env.put(TidemarkConfig.ENV_DB_URL, jdbcUrl);
        env.put(TidemarkConfig.ENV_DB_USER, "postgres");
        env.put(TidemarkConfig.ENV_CHECKPOINT_STORE, "postgres");
        env.put(TidemarkConfig.ENV_CHECKPOINT_PARAMETER, "/tidemark/bench/" + table.tableName());
        env.put(TidemarkConfig.ENV_FIRST_RUN_LOOKBACK, lookback);
        env.put(TidemarkConfig.ENV_PAGE_SIZE, "1000");
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_ACCESS_KEY_ID", "local");
        env.put("AWS_SECRET_ACCESS_KEY", "local");
        env.put("AWS_ENDPOINT_URL_DYNAMODB", dynamo.endpoint().toString());
        return env;
    }

    int postgresPort() {
        return postgres.port();
    }

    static String withPort(String jdbcUrl, int port) {
        URI u = URI.create(jdbcUrl.substring("jdbc:".length()));
        return "jdbc:postgresql://127.0.0.1:" + port + u.getPath();
    }

    @Override
    public void close() {
        pools.forEach(HikariDataSource::close);
        dynamoDb.close();
        postgres.close();
        dynamo.close();
    }
}
