package dev.tidemark.cloudwatch;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidemark.sync.RunCounts;
import dev.tidemark.sync.RunRecord;
import dev.tidemark.sync.RunStatus;
import dev.tidemark.testing.EmfCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 17: a run's EMF record is never lost over its timestamp, whatever the run's clock said. */
class RunMetricsTimestampTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<String> emf = new ArrayList<>();
    private final RunMetrics metrics = RunMetrics.to(EmfCapture.into(emf), "Tidemark", "timestamp-test");
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @BeforeEach
    void captureWarnings() {
        logs.start();
        ((Logger) LoggerFactory.getLogger(RunMetrics.class)).addAppender(logs);
    }

    @AfterEach
    void release() {
        ((Logger) LoggerFactory.getLogger(RunMetrics.class)).detachAppender(logs);
    }

    @Test
    void aRunThatFinishedTwentyDaysAgoStillWritesExactlyOneRecordStampedNowWithItsOwnTimeAsAProperty() throws Exception {
        Instant finished = Instant.now().minus(Duration.ofDays(20));
        Instant before = Instant.now();

        metrics.record(run("old-run", finished));

        Instant after = Instant.now();
        assertThat(emf).hasSize(1);
        JsonNode record = JSON.readTree(emf.getFirst());
        assertThat(record.path("_aws").path("Timestamp").asLong())
                .isBetween(before.toEpochMilli() - 1_000, after.toEpochMilli());
        assertThat(record.path(RunMetrics.RUN_FINISHED_AT).asText()).isEqualTo(finished.toString());
        assertThat(record.path("runId").asText()).isEqualTo("old-run");
        assertThat(record.path("RecordsFetched").asInt()).isEqualTo(7);
        assertThat(warnings()).singleElement().asString()
                .contains("old-run", finished.toString(), RunMetrics.RUN_FINISHED_AT);
    }

    @Test
    void aRunThreeHoursAheadOfTheWallClockIsKeptTheSameWay() throws Exception {
        Instant finished = Instant.now().plus(Duration.ofHours(3));

        metrics.record(run("early-run", finished));

        assertThat(emf).hasSize(1);
        assertThat(JSON.readTree(emf.getFirst()).path(RunMetrics.RUN_FINISHED_AT).asText())
                .isEqualTo(finished.toString());
        assertThat(warnings()).hasSize(1);
    }

    @Test
    void aRunOfTodayIsStampedWithItsOwnFinishTimeAndNeedsNoProperty() throws Exception {
        Instant finished = Instant.now().minus(Duration.ofHours(1));

        metrics.record(run("today-run", finished));

        JsonNode record = JSON.readTree(emf.getFirst());
        assertThat(record.path("_aws").path("Timestamp").asLong()).isEqualTo(finished.toEpochMilli());
        assertThat(record.has(RunMetrics.RUN_FINISHED_AT)).isFalse();
        assertThat(warnings()).isEmpty();
    }

    private List<String> warnings() {
        return logs.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    private static RunRecord run(String runId, Instant finished) {
        return new RunRecord(runId, "scheduled", "schedule", null, finished.minus(Duration.ofHours(1)),
                finished.minusSeconds(5), List.of(), 0, new RunCounts(1, 7, 7, 0, 0, 0), Map.of(), null, null,
                RunStatus.SUCCEEDED, null, false, finished.minusSeconds(2), finished);
    }
}
