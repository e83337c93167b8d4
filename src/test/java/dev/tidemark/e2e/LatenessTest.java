package dev.tidemark.e2e;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidemark.app.Tidemark;
import dev.tidemark.cloudwatch.RunMetrics;
import dev.tidemark.local.MutableClock;
import dev.tidemark.sync.Lateness;
import dev.tidemark.sync.RunRecord;
import dev.tidemark.sync.RunRequest;
import dev.tidemark.sync.RunStatus;
import dev.tidemark.sync.SyncService;
import dev.tidemark.sync.TimeBudget;
import dev.tidemark.testing.EmfCapture;
import dev.tidemark.testing.SourceItems;
import dev.tidemark.testing.Sql;
import dev.tidemark.testing.TestClocks;
import dev.tidemark.testing.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11, part 2 (and the reconcile's metrics): a write that becomes visible only after the checkpoint passed
 * it, but inside the overlap, is counted with its lateness in the run record and the EMF record, counted once
 * (an overlap re-read of the same version is not late again), and lateness at half the overlap lag is warned
 * about.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LatenessTest {
    // Close to today: the runs' EMF records carry this clock's time, and EMF refuses one over 14 days old.
    private static final Instant T0 = TestClocks.recentNoon(Duration.ofHours(3));
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestStack stack;
    private static final List<String> emf = new ArrayList<>();
    private static final MutableClock clock = new MutableClock(T0);
    private static Tidemark app;
    private static SourceItems source;

    @BeforeAll
    static void start() {
        stack = TestStack.forClass(LatenessTest.class);
        app = stack.application(Map.of()).clock(clock)
                .runMetrics(RunMetrics.to(EmfCapture.into(emf), "Tidemark", "lateness-test")).build();
        source = new SourceItems(stack, 3);
    }

    @AfterAll
    static void stop() {
        app.close();
        stack.close();
    }

    @Test
    @Order(1)
    void aLateArrivalInsideTheOverlapIsCountedOnceWithItsLatenessAndEmitted() throws Exception {
        source.put("early", T0.minus(Duration.ofMinutes(30)));
        RunRecord first = scheduled();
        assertThat(first.lateness()).as("a first run has no previous checkpoint to be late against")
                .isEqualTo(Lateness.NONE);

        // The checkpoint is T0 - 5 s. A write stamped T0 - 2 min shows up only now (a late clock, a lagging
        // index): the overlap catches it, 115 s below the checkpoint.
        clock.set(T0.plus(Duration.ofHours(1)));
        source.put("late", T0.minus(Duration.ofMinutes(2)));
        source.put("on-time", T0.plus(Duration.ofMinutes(58)));
        ListAppender<ILoggingEvent> warnings = capture();
        RunRecord second = scheduled();
        assertThat(second.counts().upserted()).isEqualTo(2);
        assertThat(second.lateness()).isEqualTo(new Lateness(1, Duration.ofSeconds(115)));
        assertThat(Sql.row(stack.dataSource, "SELECT late_records, max_lateness_ms FROM sync_runs WHERE run_id = ?",
                second.runId())).containsEntry("late_records", 1).containsEntry("max_lateness_ms", 115_000L);
        JsonNode record = lastEmf();
        assertThat(record.path("runId").asText()).isEqualTo(second.runId());
        assertThat(record.path("LateRecords").asInt()).isEqualTo(1);
        assertThat(record.path("MaxLatenessSeconds").asDouble()).isEqualTo(115.0);
        assertThat(metricNames(record)).contains("LateRecords", "MaxLatenessSeconds");
        assertThat(warnings.list).as("115 s is below half the 5 min overlap").noneMatch(e ->
                e.getFormattedMessage().contains(" lateness: "));

        // The next window re-reads "on-time" unchanged (not late again); "later" arrives 240 s below the
        // checkpoint, beyond half the overlap lag: a warning.
        clock.set(T0.plus(Duration.ofHours(2)));
        Instant checkpoint = T0.plus(Duration.ofHours(1)).minusSeconds(5);
        source.put("later", checkpoint.minus(Duration.ofMinutes(4)));
        RunRecord third = scheduled();
        assertThat(third.counts().unchanged()).as("on-time, re-read by the overlap").isEqualTo(1);
        assertThat(third.lateness()).isEqualTo(new Lateness(1, Duration.ofMinutes(4)));
        assertThat(lastEmf().path("MaxLatenessSeconds").asDouble()).isEqualTo(240.0);
        assertThat(warnings.list).anyMatch(e -> e.getFormattedMessage().contains("run " + third.runId()
                + " lateness: 1 records arrived up to PT4M below the previous checkpoint, at least half the overlap"));
    }

    @Test
    @Order(2)
    void aReconcileEmitsWhatItFoundAndRepaired() throws Exception {
        source.put("beyond-overlap", T0.plus(Duration.ofMinutes(30)));
        source.hardDelete("early");
        RunRecord reconcile = app.sync().run(new RunRequest.Reconcile(false), TimeBudget.UNLIMITED).getFirst();
        assertThat(reconcile.status()).isEqualTo(RunStatus.SUCCEEDED);
        JsonNode record = lastEmf();
        assertThat(record.path("runId").asText()).isEqualTo(reconcile.runId());
        assertThat(record.path("ReconcileMissing").asInt()).isEqualTo(1);
        assertThat(record.path("ReconcileStale").asInt()).isZero();
        assertThat(record.path("ReconcileDeleted").asInt()).isEqualTo(1);
        assertThat(record.path("ReconcileRepaired").asInt()).isEqualTo(1);
        assertThat(metricNames(record)).contains("ReconcileMissing", "ReconcileStale", "ReconcileDeleted",
                "ReconcileRepaired").doesNotContain("LateRecords");
        source.assertEqualToSource(stack.dataSource);
    }

    private static RunRecord scheduled() {
        RunRecord run = app.sync().runScheduled("test", null, TimeBudget.UNLIMITED);
        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        return run;
    }

    private static JsonNode lastEmf() throws Exception {
        return JSON.readTree(emf.getLast());
    }

    private static List<String> metricNames(JsonNode record) {
        List<String> names = new ArrayList<>();
        record.path("_aws").path("CloudWatchMetrics").get(0).path("Metrics")
                .forEach(m -> names.add(m.path("Name").asText()));
        return names;
    }

    private static ListAppender<ILoggingEvent> capture() {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        ((Logger) LoggerFactory.getLogger(SyncService.class)).addAppender(appender);
        return appender;
    }
}
