package dev.tidemark.cloudwatch;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidemark.app.Tidemark;
import dev.tidemark.lambda.SyncHandler;
import dev.tidemark.local.DemoDataset;
import dev.tidemark.local.MutableClock;
import dev.tidemark.local.SourceTables;
import dev.tidemark.sync.MappedSink;
import dev.tidemark.sync.SyncFailedException;
import dev.tidemark.testing.EmfCapture;
import dev.tidemark.testing.MappedSinks;
import dev.tidemark.testing.Events;
import dev.tidemark.testing.Sql;
import dev.tidemark.testing.TestClocks;
import dev.tidemark.testing.TestStack;
import net.logstash.logback.encoder.LogstashEncoder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue 5: a real run's EMF record parses and carries the documented metrics; its log lines carry run id and window. */
class RunMetricsTest {
    // Close to today: the runs' EMF records carry this clock's time, and EMF refuses one over 14 days old.
    private static final Instant T0 = TestClocks.recentNoon(Duration.ofHours(3));
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> DOCUMENTED = List.of("RecordsFetched", "RecordsUpserted", "RecordsUnchanged",
            "RecordsQuarantined", "RecordsDeleted", "Pages", "PartialRuns", "FailedRuns", "SkippedRuns", "ColdStart",
            "RunDuration", "WatermarkLagSeconds", "LateRecords", "MaxLatenessSeconds");
    private static TestStack stack;

    @BeforeAll
    static void start() {
        stack = TestStack.forClass(RunMetricsTest.class);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void eachRunWritesOneEmfRecordWithItsCountsAndFailedRunsToo() throws IOException {
        DemoDataset dataset = new DemoDataset(stack.table, 11);
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            items.add(dataset.post("emf-" + i, T0.minus(Duration.ofHours(5)).plusSeconds(60L * i)));
        }
        for (int i = 0; i < 3; i++) {
            // Minute 61: inside the key range, but no instant at all -> quarantined with a reason.
            Map<String, AttributeValue> bad = new HashMap<>(dataset.post("emf-bad-" + i, T0.minus(Duration.ofHours(4))));
            String key = bad.get("updatedAt").s();
            bad.put("updatedAt", AttributeValue.fromS(key.substring(0, 14) + "61" + key.substring(16)));
            items.add(bad);
        }
        SourceTables.putAll(stack.dynamoDb, stack.table.tableName(), items);

        List<String> emf = new ArrayList<>();
        MutableClock clock = new MutableClock(T0);
        RunMetrics metrics = RunMetrics.to(EmfCapture.into(emf), "Tidemark", "emf-test");
        ListAppender<ILoggingEvent> logs = captureLogs();
        boolean[] failing = {false};
        try (Tidemark app = stack.application(Map.of("TIDEMARK_PAGE_SIZE", "10")).clock(clock).runMetrics(metrics)
                .mappedSink(failWhen(failing)).build()) {
            SyncHandler handler = new SyncHandler(() -> app);

            Map<String, Object> first = handler.handleRequest(freshDelivery(), null);

            assertThat(first).containsEntry("status", "succeeded").containsEntry("fetched", 28);
            assertThat(emf).hasSize(1);
            JsonNode record = JSON.readTree(emf.getFirst());
            JsonNode directive = record.at("/_aws/CloudWatchMetrics/0");
            assertThat(directive.path("Namespace").asText()).isEqualTo("Tidemark");
            assertThat(directive.path("Dimensions").toString()).isEqualTo("[[\"Pipeline\"]]");
            assertThat(directive.findValuesAsText("Name")).containsExactlyInAnyOrderElementsOf(DOCUMENTED);
            assertThat(record.path("Pipeline").asText()).isEqualTo("emf-test");
            assertThat(record.path("_aws").path("Timestamp").asLong()).isEqualTo(clock.instant().toEpochMilli());
            assertThat(record.path("runId").asText()).isEqualTo(first.get("runId"));
            assertThat(record.path("status").asText()).isEqualTo("succeeded");
            assertThat(record.path("windowFrom").asText()).isEqualTo(first.get("windowFrom"));
            assertThat(record.path("RecordsFetched").asInt()).isEqualTo(28);
            assertThat(record.path("RecordsUpserted").asLong())
                    .isEqualTo(Sql.count(stack.dataSource, "SELECT count(*) FROM content")).isEqualTo(25);
            assertThat(record.path("RecordsQuarantined").asLong())
                    .isEqualTo(Sql.count(stack.dataSource, "SELECT count(*) FROM quarantine")).isEqualTo(3);
            assertThat(record.path("RecordsUnchanged").asInt()).isZero();
            assertThat(record.path("Pages").asInt()).isEqualTo(first.get("pages")).isGreaterThanOrEqualTo(3);
            assertThat(record.path("PartialRuns").asInt()).isZero();
            assertThat(record.path("FailedRuns").asInt()).isZero();
            assertThat(record.path("ColdStart").asInt()).isEqualTo(1);
            // The checkpoint is now - settleDelay (5 s by default); the run took no clock time.
            assertThat(record.path("WatermarkLagSeconds").asDouble()).isEqualTo(5.0);
            assertThat(record.path("RunDuration").asLong()).isZero();
            assertThat(unitOf(directive, "RunDuration")).isEqualTo("Milliseconds");
            assertThat(unitOf(directive, "RecordsFetched")).isEqualTo("Count");

            JsonNode windowLine = logLine(logs, "window [");
            assertThat(windowLine.path("runId").asText()).isEqualTo(first.get("runId"));
            assertThat(windowLine.path("windowFrom").asText()).isEqualTo(first.get("windowFrom"));
            assertThat(windowLine.path("windowTo").asText()).isEqualTo(first.get("windowTo"));

            clock.advance(Duration.ofHours(1));
            SourceTables.putAll(stack.dynamoDb, stack.table.tableName(),
                    List.of(dataset.post("emf-late", clock.instant().minus(Duration.ofMinutes(10)))));
            failing[0] = true;
            assertThatThrownBy(() -> handler.handleRequest(freshDelivery(), null)).isInstanceOf(SyncFailedException.class);

            assertThat(emf).hasSize(2);
            JsonNode failed = JSON.readTree(emf.get(1));
            assertThat(failed.path("status").asText()).isEqualTo("failed");
            assertThat(failed.path("FailedRuns").asInt()).isEqualTo(1);
            assertThat(failed.path("RecordsFetched").asInt()).isZero();
            assertThat(failed.path("ColdStart").asInt()).isZero();
            // The checkpoint did not move: the lag is measured from the first run's watermark.
            assertThat(failed.path("WatermarkLagSeconds").asDouble()).isEqualTo(3605.0);
        } finally {
            ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
        }
    }

    private static String unitOf(JsonNode directive, String metric) {
        for (JsonNode m : directive.path("Metrics")) {
            if (m.path("Name").asText().equals(metric)) {
                return m.path("Unit").asText();
            }
        }
        throw new AssertionError("no metric " + metric);
    }

    /** The real page sink, failing every page while {@code failing[0]} is set. */
    private static MappedSink failWhen(boolean[] failing) {
        MappedSink real = MappedSinks.postgres(stack.dataSource);
        return MappedSinks.writing(real, (runId, rows, rejections) -> {
            if (failing[0]) {
                throw new IllegalStateException("injected: PostgreSQL unavailable");
            }
            return real.write(runId, rows, rejections);
        });
    }

    private static ListAppender<ILoggingEvent> captureLogs() {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(appender);
        return appender;
    }

    /** The captured event whose message contains {@code text}, as the JSON line the deployed function writes. */
    private static JsonNode logLine(ListAppender<ILoggingEvent> logs, String text) throws IOException {
        LogstashEncoder encoder = new LogstashEncoder();
        encoder.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
        encoder.start();
        ILoggingEvent event = logs.list.stream().filter(e -> e.getFormattedMessage().contains(text)).findFirst()
                .orElseThrow(() -> new AssertionError("no log line containing " + text));
        return JSON.readTree(new String(encoder.encode(event), StandardCharsets.UTF_8));
    }

    private static Map<String, Object> freshDelivery() {
        Map<String, Object> event = new HashMap<>(Events.load("scheduled.json"));
        event.put("id", UUID.randomUUID().toString());
        return event;
    }
}
