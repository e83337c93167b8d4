package dev.tidemark.e2e;

import dev.tidemark.app.Tidemark;
import dev.tidemark.app.TidemarkConfig;
import dev.tidemark.lambda.SyncHandler;
import dev.tidemark.local.DynamoDbLocalServer;
import dev.tidemark.sync.SyncFailedException;
import dev.tidemark.testing.KillingDataSource;
import dev.tidemark.testing.SourceItems;
import dev.tidemark.testing.Sql;
import dev.tidemark.testing.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 12: every invocation that reaches the database leaves a {@code sync_runs} row; one that cannot reach it
 * fails with a one-line cause. "Another run holds the sync lock" means contention and nothing else.
 */
class FailureBeforeRunTest {
    private static TestStack stack;

    @BeforeAll
    static void start() {
        stack = TestStack.forClass(FailureBeforeRunTest.class);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @BeforeEach
    void seed() {
        stack.reset();
        SourceItems source = new SourceItems(stack, 3);
        Instant now = Instant.now();
        for (int i = 0; i < 3; i++) {
            source.put("item-" + i, now.minus(Duration.ofMinutes(30 - i)));
        }
    }

    @Test
    void aLockQueryOnADeadPooledConnectionIsRetriedOnAFreshOne() {
        KillingDataSource killing = new KillingDataSource(stack.dataSource);
        try (Tidemark app = stack.application(Map.of()).dataSource(killing).build()) {
            // The first statement of the run is the lock query: its session dies just before it.
            killing.killAtStep(1);
            Map<String, Object> result = new SyncHandler(() -> app).handleRequest(IncrementalSyncTest.freshDelivery(), null);
            assertThat(killing.kills()).isEqualTo(1);
            assertThat(result).containsEntry("status", "succeeded").containsEntry("fetched", 3);
        }
    }

    @Test
    void aLockQueryThatKeepsFailingLeavesAFailedRowThatSaysWhy() {
        DataSource lockQueriesFail = failingStatements(stack.dataSource, "advisory_lock");
        try (Tidemark app = stack.application(Map.of()).dataSource(lockQueriesFail).build()) {
            Map<String, Object> event = IncrementalSyncTest.freshDelivery();
            assertThatThrownBy(() -> new SyncHandler(() -> app).handleRequest(event, null))
                    .isInstanceOf(SyncFailedException.class)
                    .hasMessageContaining("could not ask PostgreSQL for the sync lock")
                    .hasMessageNotContaining("\n");
            assertThat(Sql.rows(stack.dataSource, "SELECT mode, status, event_id, error FROM sync_runs"))
                    .singleElement().satisfies(row -> {
                        assertThat(row).containsEntry("mode", "scheduled").containsEntry("status", "failed")
                                .containsEntry("event_id", event.get("id"));
                        assertThat((String) row.get("error")).contains("could not ask PostgreSQL for the sync lock")
                                .contains("57P01").doesNotContain("could not take the sync lock").doesNotContain("\n");
                    });
        }
    }

    @Test
    void aDatabaseThatCannotBeReachedFailsTheInvocationWithOneLine() {
        int closedPort = DynamoDbLocalServer.freePort();
        Map<String, String> env = new HashMap<>(Map.of(TidemarkConfig.ENV_DB_URL,
                "jdbc:postgresql://127.0.0.1:" + closedPort + "/tidemark"));
        SyncHandler handler = new SyncHandler(() -> Tidemark.builder(stack.config(env)).dynamoDb(stack.dynamoDb)
                .ssm(stack.ssm).build());
        assertThatThrownBy(() -> handler.handleRequest(IncrementalSyncTest.freshDelivery(), null))
                .hasMessageStartingWith("cannot reach PostgreSQL to migrate the schema: ")
                .hasMessageContaining("127.0.0.1:" + closedPort)
                .hasMessageContaining("SQLSTATE 08001")
                .hasMessageNotContaining("\n")
                .hasMessageNotContaining("-----");
    }

    /** Real connections, except that statements containing {@code marker} fail as on a terminated session. */
    private static DataSource failingStatements(DataSource real, String marker) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    Object result = invoke(real, method, args);
                    if (!(result instanceof Connection c)) {
                        return result;
                    }
                    return Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                            (p, m, a) -> {
                                if (m.getName().equals("prepareStatement") && a[0].toString().contains(marker)) {
                                    throw new SQLException("terminating connection due to administrator command",
                                            "57P01");
                                }
                                return invoke(c, m, a);
                            });
                });
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
