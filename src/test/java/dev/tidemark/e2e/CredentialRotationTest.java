package dev.tidemark.e2e;

import com.zaxxer.hikari.HikariDataSource;
import dev.tidemark.app.Tidemark;
import dev.tidemark.app.TidemarkConfig;
import dev.tidemark.lambda.SyncHandler;
import dev.tidemark.testing.AwsTestClients;
import dev.tidemark.testing.Events;
import dev.tidemark.testing.SourceItems;
import dev.tidemark.testing.Sql;
import dev.tidemark.testing.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 12: the database secret is rotated while a container is warm. PostgreSQL rejects the pool's password
 * (SQLSTATE 28P01); the run re-reads the secret (moto's Secrets Manager), rebuilds the pool and goes on. Real
 * password authentication: this test's role must log in with scram-sha-256 (pg_hba.conf), unlike the trusted
 * superuser the other tests use.
 */
class CredentialRotationTest {
    private static TestStack stack;
    private static SecretsManagerClient secrets;
    private static String role;

    @BeforeAll
    static void start() throws IOException {
        stack = TestStack.forClass(CredentialRotationTest.class);
        secrets = AwsTestClients.secretsManager(TestStack.motoEndpoint());
        role = "rotating_" + stack.name;
        Sql.execute(stack.dataSource, "CREATE ROLE " + role + " LOGIN PASSWORD 'first-Pa55word'");
        Sql.execute(stack.dataSource, "ALTER DATABASE \"" + stack.name + "\" OWNER TO " + role);
        requirePasswordFor(role);
    }

    @AfterAll
    static void stop() {
        secrets.close();
        stack.close();
    }

    @Test
    void aRotatedSecretIsReReadAndThePoolRebuiltWhenPostgresRejectsTheOldPassword() {
        Instant now = Instant.now();
        SourceItems source = new SourceItems(stack, 13);
        source.put("before-rotation", now.minus(Duration.ofMinutes(30)));
        String secretId = secrets.createSecret(r -> r.name("tidemark/" + stack.name + "/rotating")
                .secretString(secret("first-Pa55word"))).arn();
        Map<String, String> env = secretEnvironment(secretId);

        try (Tidemark app = Tidemark.builder(TidemarkConfig.fromEnvironment(env)).dynamoDb(stack.dynamoDb)
                .ssm(stack.ssm).secretsManager(secrets).build()) {
            SyncHandler handler = new SyncHandler(() -> app);
            assertThat(handler.handleRequest(Events.load("sync.json"), null)).containsEntry("status", "succeeded");

            // Rotation: the database gets the new password, then the secret. An hour later the pool's idle
            // connections have been retired (idle timeout), so the next run must log in again.
            Sql.execute(stack.dataSource, "ALTER ROLE " + role + " PASSWORD 'second-Pa55word'");
            secrets.putSecretValue(r -> r.secretId(secretId).secretString(secret("second-Pa55word")));
            retireIdleConnections(app);
            assertThatThrownBy(() -> DriverManager.getConnection(stack.jdbcUrl, role, "first-Pa55word").close())
                    .as("the old password is really refused").isInstanceOf(SQLException.class)
                    .hasMessageContaining("password authentication failed");

            source.put("after-rotation", Instant.now().minus(Duration.ofMinutes(1)));
            assertThat(handler.handleRequest(Events.load("sync.json"), null)).containsEntry("status", "succeeded");
            assertThat(Sql.rows(stack.dataSource, "SELECT status FROM sync_runs")).extracting(r -> r.get("status"))
                    .containsExactly("succeeded", "succeeded");
            assertThat(Sql.count(stack.dataSource, "SELECT count(*) FROM content WHERE content_id = 'after-rotation'"))
                    .isEqualTo(1);
            assertThat(Sql.count(stack.dataSource, "SELECT count(*) FROM pg_stat_activity WHERE usename = ?", role))
                    .as("the new pool is logged in").isPositive();
        }
    }

    @Test
    void aSecretThatIsWrongAtTheSourceIsReReadOncePerRunAndTheRunFailsInOneLine() {
        Sql.execute(stack.dataSource, "ALTER ROLE " + role + " PASSWORD 'third-Pa55word'");
        String secretId = secrets.createSecret(r -> r.name("tidemark/" + stack.name + "/stale")
                .secretString(secret("third-Pa55word"))).arn();
        Map<String, String> env = secretEnvironment(secretId);
        AtomicInteger reads = new AtomicInteger();
        try (SecretsManagerClient counted = SecretsManagerClient.builder().endpointOverride(TestStack.motoEndpoint())
                .region(Region.US_EAST_1).credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("testing", "testing")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(o -> o.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                        reads.incrementAndGet();
                    }
                })).build();
             Tidemark app = Tidemark.builder(TidemarkConfig.fromEnvironment(env)).dynamoDb(stack.dynamoDb)
                     .ssm(stack.ssm).secretsManager(counted).build()) {
            assertThat(reads).hasValue(1);
            // The password changes, but the secret is never updated: re-reading it cannot help.
            Sql.execute(stack.dataSource, "ALTER ROLE " + role + " PASSWORD 'fourth-Pa55word'");
            retireIdleConnections(app);
            SyncHandler handler = new SyncHandler(() -> app);
            for (int run = 1; run <= 2; run++) {
                assertThatThrownBy(() -> handler.handleRequest(Events.load("sync.json"), null))
                        .hasMessageContaining("password authentication failed").hasMessageContaining("28P01")
                        .hasMessageNotContaining("\n");
                assertThat(reads).as("secret reads after run %d: one at build, one per run", run).hasValue(1 + run);
            }
        }
    }

    /**
     * The stack's settings with the credentials from the secret. A refused login is retried by the pool until
     * its connect timeout: 1 s here, not the default 10 s, which these tests would otherwise wait out many times.
     */
    private static Map<String, String> secretEnvironment(String secretId) {
        Map<String, String> env = new HashMap<>(stack.environment());
        env.remove(TidemarkConfig.ENV_DB_USER);
        env.put(TidemarkConfig.ENV_DB_SECRET_ID, secretId);
        env.put(TidemarkConfig.ENV_DB_CONNECT_TIMEOUT, "PT1S");
        return env;
    }

    private static String secret(String password) {
        return "{\"username\":\"" + role + "\",\"password\":\"" + password + "\"}";
    }

    private static void retireIdleConnections(Tidemark app) {
        try {
            app.dataSource().unwrap(HikariDataSource.class).getHikariPoolMXBean().softEvictConnections();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Only this role, over TCP: first match wins in pg_hba.conf, so every other connection stays as it was. */
    private static void requirePasswordFor(String user) throws IOException {
        Path hba = Path.of((String) Sql.row(stack.dataSource, "SHOW hba_file").get("hba_file"));
        String rules = "host all " + user + " 127.0.0.1/32 scram-sha-256\nhost all " + user + " ::1/128 scram-sha-256\n";
        Files.writeString(hba, rules + Files.readString(hba));
        Sql.row(stack.dataSource, "SELECT pg_reload_conf()");
    }
}
