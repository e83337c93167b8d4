package dev.tidemark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidemark.sync.RunRecord;
import dev.tidemark.testing.Sql;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code tidemark rerun | sync | backfill | reconcile} and the coverage gaps in {@code status}, as the README's
 * Operations walk-through tells it: a night of failed runs, found, rerun, caught up, fresh again.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RunCommandsTest {
    private static final Instant T0 = Instant.parse("2026-11-22T02:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static CliHarness cli;
    private static final List<String> failed = new ArrayList<>();

    @BeforeAll
    static void night() {
        cli = new CliHarness(RunCommandsTest.class, T0);
        cli.seed("before", 10, T0);
        RunRecord good = cli.scheduledRun();
        assertThat(good.counts().upserted()).isEqualTo(10);
        for (int hour = 1; hour <= 3; hour++) {
            cli.clock.set(T0.plus(Duration.ofHours(hour)));
            cli.seed("night" + hour, 8, cli.clock.instant());
            failed.add(cli.failedRun("FATAL: the database system is in recovery mode"));
        }
    }

    @AfterAll
    static void stop() {
        cli.close();
    }

    @Test
    @Order(1)
    void aFailedNightIsFoundRerunAndFreshAgain() throws Exception {
        cli.clock.set(T0.plus(Duration.ofMinutes(190)));
        CliHarness.Result alarm = cli.run("status");
        assertThat(alarm.exitCode()).isEqualTo(3);
        assertThat(alarm.err()).isEqualTo("tidemark: stale: last successful checkpoint 190 min ago (threshold 180 min)\n");
        CliHarness.Result failedRuns = cli.run("runs", "list", "--status", "failed");
        failed.forEach(id -> assertThat(failedRuns.out()).contains(id));
        assertThat(Sql.count(cli.stack.dataSource, "SELECT count(*) FROM content WHERE content_id LIKE 'night%'")).isZero();

        // The last failed run's window starts at the checkpoint, so it spans the whole failed night.
        String lastFailed = failed.getLast();
        CliHarness.Result rerun = cli.run("rerun", lastFailed);
        assertThat(rerun.exitCode()).as(rerun.err()).isZero();
        Map<String, Object> original = Sql.row(cli.stack.dataSource,
                "SELECT window_from, window_to FROM sync_runs WHERE run_id = ?", lastFailed);
        Map<String, Object> replay = Sql.row(cli.stack.dataSource, "SELECT run_id, window_from, window_to, status,"
                + " upserted, trigger FROM sync_runs WHERE mode = 'rerun'");
        assertThat(replay.get("window_from")).isEqualTo(original.get("window_from"));
        assertThat(replay.get("window_to")).isEqualTo(original.get("window_to"));
        assertThat(replay).containsEntry("status", "succeeded").containsEntry("upserted", 24)
                .containsEntry("trigger", "rerun:" + lastFailed);
        assertThat(rerun.out()).contains("Mode         rerun").contains("Status       succeeded")
                .contains("The checkpoint stays at " + T0.minusSeconds(5) + " (a rerun never moves it)");
        assertThat(Sql.count(cli.stack.dataSource, "SELECT count(*) FROM content WHERE content_id LIKE 'night%'")).isEqualTo(24);
        assertThat(cli.run("status").exitCode()).as("a rerun never moves the checkpoint").isEqualTo(3);

        CliHarness.Result sync = cli.run("sync");
        assertThat(sync.exitCode()).as(sync.err()).isZero();
        assertThat(sync.out()).contains("Mode         scheduled").contains("Status       succeeded");
        CliHarness.Result fresh = cli.run("status");
        assertThat(fresh.exitCode()).as(fresh.err()).isZero();
        assertThat(fresh.out()).contains("FRESH, 0 min since the last successful checkpoint")
                .contains("Coverage:    no gaps");

        CliHarness.Result unknown = cli.run("rerun", "nope");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).isEqualTo("tidemark: no run with id nope\n");
        assertThat(cli.run("rerun", "--help").out()).contains("Usage: tidemark rerun").contains("--dry-run");
    }

    @Test
    @Order(2)
    void aSkippedStretchShowsAsAGapUntilABackfillCoversIt() {
        Instant skipTo = cli.clock.instant().plus(Duration.ofMinutes(90));
        assertThat(cli.run("checkpoint", "set", skipTo.toString(), "--force").exitCode()).isZero();
        cli.clock.set(skipTo.plus(Duration.ofHours(1)));
        assertThat(cli.run("sync").exitCode()).isZero();

        CliHarness.Result gap = cli.run("status");
        assertThat(gap.exitCode()).isZero();
        assertThat(gap.out()).contains("Coverage:    1 gap in the timeline no succeeded run has covered:");
        // Covered up to the catch-up sync's end (05:09:55); the run after the forced move began at 06:40 - 5 min.
        assertThat(gap.out()).contains("[2026-11-22T05:09:55Z, 2026-11-22T06:35:00Z)  85 min");
        JsonNode json = readJson(cli.run("status", "--json").out());
        assertThat(json.get("gaps")).hasSize(1);
        assertThat(json.get("gaps").get(0).get("from").asText()).isEqualTo("2026-11-22T05:09:55Z");

        // Moving the checkpoint back and then forward across the gap is refused: nothing ever read it.
        String watermark = readJson(ssmCheckpoint()).get("watermark").asText();
        assertThat(cli.run("checkpoint", "set", "2026-11-22T05:00:00Z").exitCode()).isZero();
        CliHarness.Result refused = cli.run("checkpoint", "set", watermark);
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).isEqualTo("tidemark: refusing to move the checkpoint forward to " + watermark
                + ": no succeeded run covered [2026-11-22T05:09:55Z, 2026-11-22T06:35:00Z); rerun or backfill it,"
                + " or use --force to skip it\n");

        CliHarness.Result backfill = cli.run("backfill", "--from", "2026-11-22", "--to", "2026-11-22");
        assertThat(backfill.exitCode()).as(backfill.err()).isZero();
        assertThat(cli.run("status").out()).contains("Coverage:    no gaps");
        CliHarness.Result allowed = cli.run("checkpoint", "set", watermark);
        assertThat(allowed.exitCode()).as(allowed.err()).isZero();
        assertThat(readJson(ssmCheckpoint()).get("watermark").asText()).isEqualTo(watermark);
    }

    @Test
    @Order(3)
    void backfillReadsOldDaysOneSliceAtATimeWithoutMovingTheCheckpoint() throws Exception {
        cli.seed("day19", 6, Instant.parse("2026-11-19T12:00:00Z"));
        cli.seed("day20", 7, Instant.parse("2026-11-20T01:00:00Z"));
        String checkpointBefore = ssmCheckpoint();

        CliHarness.Result dry = cli.run("backfill", "--from", "2026-11-19", "--to", "2026-11-20", "--dry-run");
        assertThat(dry.exitCode()).as(dry.err()).isZero();
        assertThat(Sql.count(cli.stack.dataSource, "SELECT count(*) FROM content WHERE content_id LIKE 'day%'")).isZero();

        CliHarness.Result plain = cli.run("backfill", "--from", "2026-11-19", "--to", "2026-11-20");
        assertThat(plain.exitCode()).as(plain.err()).isZero();
        String[] lines = plain.out().split("\n");
        assertThat(lines).hasSize(3);
        assertThat(lines[0]).matches("2026-11-19  1/2  succeeded run \\S+  fetched 6  upserted 6  unchanged 0  quarantined 0  .*");
        assertThat(lines[1]).matches("2026-11-20  2/2  succeeded run \\S+  fetched 7  upserted 7  unchanged 0  quarantined 0  .*");
        assertThat(lines[2]).isEqualTo("backfill 2026-11-19..2026-11-20: 2 day slices, 13 fetched, 13 upserted, 0 unchanged, 0 quarantined");
        assertThat(plain.out()).doesNotContain("\r").doesNotContain("[#");
        assertThat(Sql.count(cli.stack.dataSource, "SELECT count(*) FROM content WHERE content_id LIKE 'day%'")).isEqualTo(13);
        assertThat(Sql.count(cli.stack.dataSource, "SELECT count(*) FROM sync_runs WHERE mode = 'backfill' AND NOT dry_run"
                + " AND window_from >= '2026-11-19T00:00:00Z' AND window_to <= '2026-11-21T00:00:00Z'")).isEqualTo(2);
        assertThat(ssmCheckpoint()).as("a backfill never moves the checkpoint").isEqualTo(checkpointBefore);

        CliHarness.Result onTerminal = cli.run(true, "backfill", "--from", "2026-11-19", "--to", "2026-11-20");
        assertThat(onTerminal.exitCode()).isZero();
        assertThat(onTerminal.out()).contains("\r\033[2K[###############               ] 1/2 days")
                .contains("[##############################] 2/2 days")
                .contains("2026-11-20  2/2  succeeded").contains("unchanged 7");

        JsonNode json = JSON.readTree(cli.run("backfill", "--from", "2026-11-19", "--to", "2026-11-19", "--json").out());
        assertThat(json).hasSize(1);
        assertThat(json.get(0).get("counts").get("unchanged").asInt()).isEqualTo(6);

        CliHarness.Result backwards = cli.run("backfill", "--from", "2026-11-20", "--to", "2026-11-19");
        assertThat(backwards.exitCode()).isEqualTo(2);
        assertThat(backwards.err()).isEqualTo("tidemark: --to 2026-11-19 is before --from 2026-11-20\n");
        assertThat(cli.run("backfill", "--help").out()).contains("Usage: tidemark backfill").contains("--dry-run");
    }

    @Test
    @Order(4)
    void reconcileSoftDeletesRowsWhoseSourceIsGone() throws Exception {
        cli.stack.dynamoDb.deleteItem(r -> r.tableName(cli.stack.table.tableName())
                .key(Map.of("contentId", AttributeValue.fromS("before-3"))));
        long live = Sql.count(cli.stack.dataSource, "SELECT count(*) FROM content WHERE deleted_at IS NULL");

        CliHarness.Result dry = cli.run("reconcile", "--dry-run");
        assertThat(dry.exitCode()).as(dry.err()).isZero();
        assertThat(dry.out()).contains(live - 1 + " source keys compared: 0 missing, 0 stale, 1 deleted, 0 repaired")
                .contains("Dry run: nothing written; 0 rows would be repaired and 1 soft-deleted");
        assertThat(Sql.count(cli.stack.dataSource, "SELECT count(*) FROM content WHERE deleted_at IS NOT NULL")).isZero();

        JsonNode run = JSON.readTree(cli.run("reconcile", "--json").out());
        assertThat(run.get("mode").asText()).isEqualTo("reconcile");
        assertThat(run.get("status").asText()).isEqualTo("succeeded");
        assertThat(run.get("counts").get("deleted").asInt()).isEqualTo(1);
        assertThat(Sql.row(cli.stack.dataSource, "SELECT content_id FROM content WHERE deleted_at IS NOT NULL"))
                .containsEntry("content_id", "before-3");
        assertThat(cli.run("reconcile", "--help").out()).contains("Usage: tidemark reconcile");
    }

    private static JsonNode readJson(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(text, e);
        }
    }

    private static String ssmCheckpoint() {
        return cli.stack.ssm.getParameter(r -> r.name(cli.stack.checkpointParameter)).parameter().value();
    }
}
