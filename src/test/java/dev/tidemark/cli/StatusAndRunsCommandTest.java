package dev.tidemark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidemark.sync.RunRecord;
import dev.tidemark.testing.Sql;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code tidemark status} and {@code tidemark runs}: a good run, a failed one, staleness, and the way back. */
class StatusAndRunsCommandTest {
    private static final Instant T0 = Instant.parse("2026-11-22T02:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static CliHarness cli;
    private static RunRecord good;
    private static String failedId;

    @BeforeAll
    static void history() {
        cli = new CliHarness(StatusAndRunsCommandTest.class, T0);
        CliHarness.Result never = cli.run("status");
        assertThat(never.exitCode()).isEqualTo(3);
        assertThat(never.out()).contains("NEVER SYNCED");
        assertThat(never.err()).isEqualTo("tidemark: no successful checkpoint yet at ssm:" + cli.stack.checkpointParameter + "\n");

        cli.seed("night", 30, T0);
        Map<String, AttributeValue> keyless = new HashMap<>(cli.dataset.post("keyless", T0.minusSeconds(600)));
        keyless.remove("contentId");
        keyless.put("contentId", AttributeValue.fromS(" "));
        cli.put(keyless);
        good = cli.scheduledRun();
        assertThat(good.counts().fetched()).isEqualTo(31);

        cli.clock.advance(Duration.ofHours(1));
        cli.seed("later", 20, cli.clock.instant());
        failedId = cli.failedRun("connection reset by peer");
    }

    @AfterAll
    static void stop() {
        cli.close();
    }

    @Test
    void statusShowsFreshnessCheckpointRunsAndQuarantineAndExitsNonZeroWhenStale() throws Exception {
        cli.clock.set(T0.plus(Duration.ofMinutes(70)));
        CliHarness.Result fresh = cli.run("status");
        assertThat(fresh.exitCode()).as(fresh.err()).isZero();
        assertThat(fresh.err()).isEmpty();
        assertThat(fresh.out())
                .contains("FRESH, 70 min since the last successful checkpoint (alarm threshold 180 min)")
                .contains("ssm:" + cli.stack.checkpointParameter + "  watermark " + good.checkpointAfter())
                .contains("by run " + good.runId())
                .contains("Quarantine:  1 open")
                .contains(failedId + "  scheduled  failed")
                .contains(good.runId() + "  scheduled  succeeded")
                .contains("error: IllegalStateException: connection reset by peer");
        assertThat(Sql.count(cli.stack.dataSource, "SELECT count(*) FROM quarantine WHERE resolved_at IS NULL")).isEqualTo(1);

        JsonNode json = JSON.readTree(cli.run("status", "--json").out());
        assertThat(json.get("state").asText()).isEqualTo("fresh");
        assertThat(json.get("minutesSinceLastSuccess").asLong()).isEqualTo(70);
        assertThat(json.get("thresholdMinutes").asInt()).isEqualTo(180);
        assertThat(json.get("openQuarantine").asLong()).isEqualTo(1);
        assertThat(json.get("checkpoint").get("watermark").asText()).isEqualTo(good.checkpointAfter().toString());
        assertThat(json.get("runs")).hasSize(2);
        assertThat(json.get("runs").get(0).get("runId").asText()).isEqualTo(failedId);
        assertThat(json.get("runs").get(0).get("status").asText()).isEqualTo("failed");
        assertThat(json.get("runs").get(1).get("counts").get("fetched").asInt()).isEqualTo(31);
        assertThat(json.get("runs").get(1).get("counts").get("quarantined").asInt()).isEqualTo(1);

        cli.clock.set(T0.plus(Duration.ofHours(4)));
        CliHarness.Result stale = cli.run("status");
        assertThat(stale.exitCode()).isEqualTo(3);
        assertThat(stale.out()).contains("STALE, 240 min since the last successful checkpoint");
        assertThat(stale.err()).isEqualTo("tidemark: stale: last successful checkpoint 240 min ago (threshold 180 min)\n");

        cli.env.put(CliContext.ENV_FRESHNESS_THRESHOLD, "300");
        try {
            assertThat(cli.run("status").exitCode()).isZero();
            assertThat(cli.run("status", "--threshold", "200").exitCode()).isEqualTo(3);
        } finally {
            cli.env.remove(CliContext.ENV_FRESHNESS_THRESHOLD);
        }

        CliHarness.Result help = cli.run("status", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("Usage: tidemark status").contains("--json");
    }

    @Test
    void runsShowPrintsEverythingRecordedAboutOneRun() throws Exception {
        CliHarness.Result shown = cli.run("runs", "show", failedId);
        assertThat(shown.exitCode()).as(shown.err()).isZero();
        Map<String, Object> row = Sql.row(cli.stack.dataSource,
                "SELECT window_from, window_to FROM sync_runs WHERE run_id = ?", failedId);
        assertThat(shown.out())
                .contains("Run          " + failedId)
                .contains("Status       failed")
                .contains("Window       [" + ((java.sql.Timestamp) row.get("window_from")).toInstant() + ", "
                        + ((java.sql.Timestamp) row.get("window_to")).toInstant() + ")")
                .contains("Checkpoint   " + good.checkpointAfter() + " -> -")
                .contains("Error        IllegalStateException: connection reset by peer");

        JsonNode json = JSON.readTree(cli.run("runs", "show", good.runId(), "--json").out());
        assertThat(json.get("runId").asText()).isEqualTo(good.runId());
        assertThat(json.get("status").asText()).isEqualTo("succeeded");
        assertThat(json.get("counts").get("upserted").asInt()).isEqualTo(30);
        assertThat(json.get("checkpointAfter").asText()).isEqualTo(good.checkpointAfter().toString());

        CliHarness.Result missing = cli.run("runs", "show", "20990101T000000Z-deadbeef");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.out()).isEmpty();
        assertThat(missing.err()).isEqualTo("tidemark: no run with id 20990101T000000Z-deadbeef\n");

        CliHarness.Result failedOnly = cli.run("runs", "list", "--status", "failed");
        assertThat(failedOnly.out()).contains(failedId).doesNotContain(good.runId());
        assertThat(cli.run("runs", "show", "--help").out()).contains("Usage: tidemark runs show");
        CliHarness.Result usage = cli.run("runs", "show");
        assertThat(usage.exitCode()).isEqualTo(2);
        assertThat(usage.err()).isEqualTo("tidemark: Missing required parameter: 'RUN_ID' (see: tidemark runs show --help)\n");
    }
}
