package dev.tidemark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidemark.sync.RunRecord;
import dev.tidemark.testing.Sql;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code tidemark checkpoint get|set} against the SSM parameter in moto, with every move recorded as a run. */
class CheckpointCommandTest {
    private static final Instant T0 = Instant.parse("2026-11-22T06:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static CliHarness cli;
    private static RunRecord synced;

    @BeforeAll
    static void start() {
        cli = new CliHarness(CheckpointCommandTest.class, T0);
        cli.seed("cp", 10, T0);
        synced = cli.scheduledRun();
        cli.clock.advance(Duration.ofMinutes(30));
    }

    @AfterAll
    static void stop() {
        cli.close();
    }

    @Test
    void getPrintsTheSsmCheckpoint() throws Exception {
        CliHarness.Result got = cli.run("checkpoint", "get");
        assertThat(got.exitCode()).as(got.err()).isZero();
        assertThat(got.out()).startsWith("ssm:" + cli.stack.checkpointParameter + "\n")
                .contains("watermark     " + watermark())
                .contains("written by    ");
        JsonNode json = JSON.readTree(cli.run("checkpoint", "get", "--json").out());
        assertThat(json.get("location").asText()).isEqualTo("ssm:" + cli.stack.checkpointParameter);
        assertThat(json.get("checkpoint").get("watermark").asText()).isEqualTo(watermark().toString());
        assertThat(cli.run("checkpoint", "get", "--help").out()).contains("Usage: tidemark checkpoint get");
    }

    @Test
    void setMovesBackFreelyRefusesToSkipUnsyncedDataWithoutForceAndRecordsEveryMove() {
        Instant frontier = synced.windowTo();
        assertThat(watermark()).isEqualTo(frontier);

        Instant back = Instant.parse("2026-11-21T00:00:00Z");
        CliHarness.Result rewound = cli.run("checkpoint", "set", "2026-11-21");
        assertThat(rewound.exitCode()).as(rewound.err()).isZero();
        assertThat(rewound.out()).contains("moved back from " + frontier + " to " + back);
        assertThat(watermark()).isEqualTo(back);
        Map<String, Object> move = lastCheckpointRun();
        assertThat(move).containsEntry("status", "succeeded").containsEntry("trigger", "cli")
                .containsEntry("window_from", null).containsEntry("window_to", null);
        assertThat(((Timestamp) move.get("checkpoint_before")).toInstant()).isEqualTo(frontier);
        assertThat(((Timestamp) move.get("checkpoint_after")).toInstant()).isEqualTo(back);

        // Forward again, but not past what the scheduled run synced: allowed.
        cli.clock.advance(Duration.ofMinutes(1));
        assertThat(cli.run("checkpoint", "set", frontier.toString()).exitCode()).isZero();
        assertThat(watermark()).isEqualTo(frontier);

        // Past the synced frontier: those changes were never read, so this is refused.
        Instant ahead = frontier.plus(Duration.ofHours(2));
        CliHarness.Result refused = cli.run("checkpoint", "set", ahead.toString());
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).isEqualTo("tidemark: refusing to move the checkpoint forward to " + ahead
                + ": changes from " + frontier + " on are unsynced and would be skipped; use --force to skip them anyway\n");
        assertThat(watermark()).isEqualTo(frontier);
        long moves = Sql.count(cli.stack.dataSource, "SELECT count(*) FROM sync_runs WHERE mode = 'checkpoint'");
        assertThat(moves).isEqualTo(2);

        cli.clock.advance(Duration.ofMinutes(1));
        CliHarness.Result forced = cli.run("checkpoint", "set", ahead.toString(), "--force");
        assertThat(forced.exitCode()).as(forced.err()).isZero();
        assertThat(watermark()).isEqualTo(ahead);
        Map<String, Object> forcedMove = lastCheckpointRun();
        assertThat(forcedMove).containsEntry("trigger", "cli --force");
        assertThat((String) forcedMove.get("error")).isEqualTo("forced past unsynced data (synced frontier " + frontier + ")");
        assertThat(forcedMove.get("run_id")).isEqualTo(checkpointRunIdInSsm());

        CliHarness.Result bad = cli.run("checkpoint", "set", "yesterday");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).startsWith("tidemark: TIMESTAMP must be an ISO-8601 instant").doesNotContain("\n\n");
        assertThat(watermark()).isEqualTo(ahead);
    }

    private static Instant watermark() {
        String value = cli.stack.ssm.getParameter(r -> r.name(cli.stack.checkpointParameter)).parameter().value();
        try {
            return Instant.parse(JSON.readTree(value).get("watermark").asText());
        } catch (Exception e) {
            throw new AssertionError(value, e);
        }
    }

    private static String checkpointRunIdInSsm() {
        String value = cli.stack.ssm.getParameter(r -> r.name(cli.stack.checkpointParameter)).parameter().value();
        try {
            return JSON.readTree(value).get("runId").asText();
        } catch (Exception e) {
            throw new AssertionError(value, e);
        }
    }

    private static Map<String, Object> lastCheckpointRun() {
        return Sql.rows(cli.stack.dataSource, "SELECT run_id, status, trigger, window_from, window_to, checkpoint_before,"
                + " checkpoint_after, error FROM sync_runs WHERE mode = 'checkpoint' ORDER BY started_at DESC, run_id DESC")
                .getFirst();
    }
}
