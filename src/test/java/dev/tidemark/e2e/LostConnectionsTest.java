package dev.tidemark.e2e;

import dev.tidemark.app.Tidemark;
import dev.tidemark.app.TidemarkConfig;
import dev.tidemark.local.MutableClock;
import dev.tidemark.sync.MappedSink;
import dev.tidemark.sync.SyncFailedException;
import dev.tidemark.sync.TimeBudget;
import dev.tidemark.testing.MappedSinks;
import dev.tidemark.testing.SourceItems;
import dev.tidemark.testing.Sql;
import dev.tidemark.testing.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 19, point 9: a run whose PostgreSQL connections die under it (the lock's session and the pooled one, as in a
 * database restart) fails, and its row ends {@code failed} with the cause as soon as the database is back: the end
 * of the run is written on a fresh connection, retried while PostgreSQL refuses connections. When the database does
 * not come back within the patience, the log and the exception say the failure could not be recorded.
 */
class LostConnectionsTest {
    private static final Instant T0 = Instant.parse("2026-11-22T12:00:00Z");
    private static final int ITEMS = 6;
    private static TestStack stack;

    @BeforeAll
    static void start() {
        stack = TestStack.forClass(LostConnectionsTest.class);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @AfterEach
    void databaseBack() throws SQLException {
        allowConnections(true);
    }

    @Test
    void aRunWhoseConnectionsAreKilledRecordsFailedWithItsCauseOnceTheDatabaseIsBack() throws Exception {
        seed();
        Outage outage = new Outage(Duration.ofMillis(1500));
        try (Tidemark app = stack.application(new HashMap<>(Map.of(TidemarkConfig.ENV_FIRST_RUN_LOOKBACK, "PT1H",
                        TidemarkConfig.ENV_PAGE_SIZE, "2", TidemarkConfig.ENV_RUN_RECORD_PATIENCE, "PT30S")))
                .clock(new MutableClock(T0)).mappedSink(outage.after(MappedSinks.postgres(stack.dataSource))).build()) {
            long before = System.nanoTime();
            assertThatThrownBy(() -> app.sync().runScheduled("test", null, TimeBudget.UNLIMITED))
                    .isInstanceOf(SyncFailedException.class)
                    .hasMessageContaining("lost the sync lock")
                    .hasMessageNotContaining("could not be recorded");
            Duration took = Duration.ofNanos(System.nanoTime() - before);

            assertThat(outage.killed.get()).as("backends terminated: the lock's and the pool's").isGreaterThanOrEqualTo(2);
            List<Map<String, Object>> rows = Sql.rows(stack.dataSource,
                    "SELECT status, error, finished_at FROM sync_runs WHERE mode = 'scheduled'");
            assertThat(rows).singleElement().satisfies(r -> {
                assertThat(r).containsEntry("status", "failed");
                assertThat((String) r.get("error")).contains("lost the sync lock");
                assertThat(r.get("finished_at")).isNotNull();
            });
            // Recorded as soon as the database took connections again, not after the patience ran out.
            assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(1500)).isLessThan(Duration.ofSeconds(15));
        }
    }

    @Test
    void whenTheDatabaseStaysAwayTheExceptionSaysTheFailureCouldNotBeRecorded() throws Exception {
        seed();
        Outage outage = new Outage(null);
        try (Tidemark app = stack.application(new HashMap<>(Map.of(TidemarkConfig.ENV_FIRST_RUN_LOOKBACK, "PT1H",
                        TidemarkConfig.ENV_PAGE_SIZE, "2", TidemarkConfig.ENV_RUN_RECORD_PATIENCE, "PT1S")))
                .clock(new MutableClock(T0)).mappedSink(outage.after(MappedSinks.postgres(stack.dataSource))).build()) {
            assertThatThrownBy(() -> app.sync().runScheduled("test", null, TimeBudget.UNLIMITED))
                    .isInstanceOf(SyncFailedException.class)
                    .hasMessageContaining("lost the sync lock")
                    .hasMessageContaining("the failure could not be recorded in sync_runs either")
                    .hasMessageContaining("its row says running");
        }
        allowConnections(true);
        assertThat(Sql.row(stack.dataSource, "SELECT status FROM sync_runs WHERE mode = 'scheduled'"))
                .as("what the exception said: the row could not be completed").containsEntry("status", "running");
    }

    private static void seed() {
        stack.reset();
        SourceItems source = new SourceItems(stack, 19);
        for (int i = 0; i < ITEMS; i++) {
            source.put("item-" + i, T0.minus(Duration.ofMinutes(40 - i)));
        }
    }

    /**
     * After the run's last page committed, before it checks its lock and writes the checkpoint: PostgreSQL stops taking connections to the database and every session
     * on it is terminated (the lock's and the pool's), as in a restart; it takes connections again after
     * {@code downFor} (never, if null).
     */
    private static final class Outage {
        private final Duration downFor;
        final AtomicInteger killed = new AtomicInteger();
        private final AtomicInteger written = new AtomicInteger();

        Outage(Duration downFor) {
            this.downFor = downFor;
        }

        MappedSink after(MappedSink delegate) {
            return MappedSinks.writing(delegate, (runId, rows, rejections) -> {
                var result = delegate.write(runId, rows, rejections);
                if (written.addAndGet(rows.size()) == ITEMS) {
                    begin();
                }
                return result;
            });
        }

        private void begin() {
            try {
                allowConnections(false);
                try (Connection admin = admin(); PreparedStatement ps = admin.prepareStatement(
                        "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid, 5000)) FROM pg_stat_activity"
                                + " WHERE datname = ?")) {
                    ps.setString(1, stack.name);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        killed.set(rs.getInt(1));
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            if (downFor != null) {
                Thread.ofPlatform().daemon().start(() -> {
                    try {
                        Thread.sleep(downFor);
                        allowConnections(true);
                    } catch (InterruptedException | SQLException e) {
                        throw new IllegalStateException(e);
                    }
                });
            }
        }
    }

    private static void allowConnections(boolean allow) throws SQLException {
        try (Connection admin = admin(); Statement s = admin.createStatement()) {
            s.execute("ALTER DATABASE \"" + stack.name + "\" ALLOW_CONNECTIONS " + allow);
        }
    }

    /** A connection of its own to the server's maintenance database, outside every pool. */
    private static Connection admin() throws SQLException {
        return DriverManager.getConnection(stack.jdbcUrl.substring(0, stack.jdbcUrl.lastIndexOf('/')) + "/postgres",
                "postgres", null);
    }
}
