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

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11, part 1, end to end on DynamoDB Local and PostgreSQL through the real command line: writes stamped
 * later than the overlap reaches (a new item, a newer version of a synced item, a tombstone) and a hard delete are
 * invisible to every incremental run; {@code tidemark reconcile} finds them by key and {@code updatedAt},
 * {@code --dry-run} only reports them, the real run repairs them, and {@code status} shows what the last
 * reconcile found until a clean one.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReconcileRepairTest {
    private static final Instant T0 = Instant.parse("2026-11-22T12:00:00Z");
    private static final Instant LATE = T0.minus(Duration.ofMinutes(10));
    private static final ObjectMapper JSON = new ObjectMapper();
    private static CliHarness cli;

    @BeforeAll
    static void lateWritesBeyondTheOverlap() {
        cli = new CliHarness(ReconcileRepairTest.class, T0);
        cli.seed("a", 5, T0);
        assertThat(cli.scheduledRun().counts().upserted()).isEqualTo(5);

        // The checkpoint is now T0 - 5 s; the next window starts 5 min (the overlap) below it. A writer whose
        // clock runs 10 min late stamps its writes below that.
        cli.clock.set(T0.plus(Duration.ofHours(1)));
        cli.put(version("late-new", LATE, "late new item"));
        cli.put(version("a-1", LATE, "a-1 second version"));
        Map<String, AttributeValue> tombstone = version("a-3", LATE, "a-3 deleted");
        tombstone.put("deleted", AttributeValue.fromBool(true));
        cli.put(tombstone);
        cli.stack.dynamoDb.deleteItem(r -> r.tableName(cli.stack.table.tableName())
                .key(Map.of("contentId", AttributeValue.fromS("a-2"))));
        // Late too, but inside the overlap: the scheduled run catches it and says how late it was.
        cli.put(version("inside-overlap", T0.minus(Duration.ofMinutes(3)), "caught by the overlap"));
        RunRecord missed = cli.scheduledRun();
        assertThat(missed.counts().upserted()).as("only the write inside the overlap").isEqualTo(1);
        assertThat(missed.lateness().records()).isEqualTo(1);
        assertThat(missed.lateness().max()).isEqualTo(Duration.ofMinutes(3).minusSeconds(5));
    }

    @AfterAll
    static void stop() {
        cli.close();
    }

    @Test
    @Order(1)
    void noIncrementalRunSeesTheLateWritesAndStatusShowsTheLatenessItMeasured() {
        assertThat(row("late-new")).isNull();
        assertThat(updatedAt("a-1")).isBefore(LATE);
        assertThat(deleted("a-2")).isFalse();
        assertThat(deleted("a-3")).isFalse();

        CliHarness.Result status = cli.run("status");
        assertThat(status.exitCode()).as(status.err()).isZero();
        assertThat(status.out())
                .contains("Reconcile:   none yet")
                .contains("Lateness:    1 record arrived up to 175.0 s below the previous checkpoint")
                .contains("(overlap lag 300.0 s)")
                .contains("WARNING: lateness reached half the overlap lag");
    }

    @Test
    @Order(2)
    void aDryRunReportsMissingStaleAndDeletedAndChangesNothing() throws Exception {
        String before = snapshot();
        cli.clock.advance(Duration.ofSeconds(1));
        CliHarness.Result dry = cli.run("reconcile", "--dry-run");
        assertThat(dry.exitCode()).as(dry.err()).isZero();
        assertThat(dry.out()).contains("Reconcile    1 missing, 2 stale, 1 deleted, 0 repaired")
                .contains("6 source keys compared: 1 missing, 2 stale, 1 deleted, 0 repaired")
                .contains("Dry run: nothing written; 3 rows would be repaired and 1 soft-deleted");

        cli.clock.advance(Duration.ofSeconds(1));
        CliHarness.Result json = cli.run("reconcile", "--dry-run", "--json");
        assertThat(json.exitCode()).as(json.err()).isZero();
        JsonNode run = JSON.readTree(json.out());
        assertThat(run.path("dryRun").asBoolean()).isTrue();
        assertThat(run.path("reconcile").path("missing").asInt()).isEqualTo(1);
        assertThat(run.path("reconcile").path("stale").asInt()).isEqualTo(2);
        assertThat(run.path("reconcile").path("deleted").asInt()).isEqualTo(1);
        assertThat(run.path("reconcile").path("repaired").asInt()).isZero();

        assertThat(snapshot()).as("a dry run writes nothing to the canonical tables").isEqualTo(before);
        assertThat(cli.run("status").out()).contains("Reconcile:   FOUND DIFFERENCES, run " + run.path("runId").asText()
                + " (dry run)").contains("1 missing, 2 stale, 1 deleted; 0 repaired");
    }

    @Test
    @Order(3)
    void reconcileRepairsTheRowsRecordsTheCountsAndStatusKeepsShowingThemUntilACleanReconcile() throws Exception {
        cli.clock.advance(Duration.ofSeconds(1));
        CliHarness.Result repair = cli.run("reconcile");
        assertThat(repair.exitCode()).as(repair.err()).isZero();
        assertThat(repair.out()).contains("6 source keys compared: 1 missing, 2 stale, 1 deleted, 3 repaired");

        assertThat(updatedAt("late-new")).isEqualTo(LATE);
        assertThat(row("late-new")).containsEntry("caption", "late new item").containsEntry("deleted", false);
        assertThat(updatedAt("a-1")).as("the newest version").isEqualTo(LATE);
        assertThat(row("a-1")).containsEntry("caption", "a-1 second version");
        assertThat(deleted("a-2")).isTrue();
        assertThat(deleted("a-3")).as("the tombstone the overlap missed").isTrue();
        assertThat(updatedAt("a-3")).isEqualTo(LATE);
        String runId = repair.out().lines().filter(l -> l.startsWith("Run ")).findFirst().orElseThrow().substring(13);
        assertThat(Sql.row(cli.stack.dataSource, "SELECT missing, stale, reconcile_deleted, repaired, upserted, deleted,"
                + " dry_run FROM sync_runs WHERE run_id = ?", runId))
                .containsEntry("missing", 1).containsEntry("stale", 2).containsEntry("reconcile_deleted", 1)
                .containsEntry("repaired", 3).containsEntry("upserted", 3).containsEntry("deleted", 2)
                .containsEntry("dry_run", false);

        assertThat(cli.run("status").out()).contains("Reconcile:   FOUND DIFFERENCES, run " + runId + " at")
                .contains("1 missing, 2 stale, 1 deleted; 3 repaired (shown until the next clean reconcile)");
        JsonNode status = JSON.readTree(cli.run("status", "--json").out());
        assertThat(status.path("lastReconcile").path("runId").asText()).isEqualTo(runId);
        String passId = (String) Sql.row(cli.stack.dataSource, "SELECT reconcile_pass_id FROM sync_runs WHERE run_id = ?",
                runId).get("reconcile_pass_id");
        assertThat(passId).as("the run record names its pass").startsWith("pass-");
        assertThat(status.path("lastReconcile").path("reconcile").toString())
                .isEqualTo("{\"missing\":1,\"stale\":2,\"deleted\":1,\"repaired\":3,\"passId\":\"" + passId + "\"}");
        assertThat(status.path("reconcilePass").path("passId").asText()).isEqualTo(passId);
        assertThat(status.path("reconcilePass").path("status").asText()).isEqualTo("completed");
        assertThat(cli.run("status").out()).contains("Pass:        " + passId + " completed, 8/8 pieces done, started")
                .contains(": 6 source keys and 6 rows compared; 1 missing, 2 stale, 1 deleted; 3 repaired");
        assertThat(status.path("lastScheduled").path("lateness").toString())
                .isEqualTo("{\"records\":1,\"max\":\"PT2M55S\"}");

        cli.clock.advance(Duration.ofSeconds(1));
        CliHarness.Result clean = cli.run("reconcile");
        assertThat(clean.out()).contains("6 source keys compared: 0 missing, 0 stale, 0 deleted, 0 repaired");
        assertThat(cli.run("status").out()).contains("Reconcile:   clean").doesNotContain("FOUND DIFFERENCES");
    }

    /** Issue 18 through the command line: a budget, a restart, and the recent sweep. */
    @Test
    @Order(4)
    void reconcileTakesABudgetARestartAndARecentSweep() {
        cli.clock.advance(Duration.ofSeconds(1));
        CliHarness.Result partial = cli.run("reconcile", "--max-duration", "PT0S");
        assertThat(partial.exitCode()).as(partial.err()).isZero();
        assertThat(partial.out()).contains("Status       partial").contains("Partial: time budget: pass pass-")
                .contains("the next reconcile continues it");
        CliHarness.Result status = cli.run("status");
        assertThat(status.out()).containsPattern("Pass: +pass-\\S+ running, 1/8 pieces done");

        CliHarness.Result restarted = cli.run("reconcile", "--restart");
        assertThat(restarted.exitCode()).as(restarted.err()).isZero();
        assertThat(restarted.out()).contains("Status       succeeded");
        assertThat(Sql.count(cli.stack.dataSource, "SELECT count(*) FROM reconcile_passes WHERE status = 'abandoned'"))
                .isEqualTo(1);

        CliHarness.Result recent = cli.run("reconcile", "--recent", "P2D");
        assertThat(recent.exitCode()).as(recent.err()).isZero();
        assertThat(recent.out()).contains("source items compared: 0 missing, 0 stale, 0 deleted, 0 repaired");
        assertThat(cli.run("reconcile", "--recent", "P2D", "--restart").exitCode()).isEqualTo(2);
    }

    private static Map<String, AttributeValue> version(String id, Instant updatedAt, String caption) {
        Map<String, AttributeValue> item = new HashMap<>(cli.dataset.post(id, updatedAt));
        item.put("caption", AttributeValue.fromS(caption));
        return item;
    }

    private static Map<String, Object> row(String id) {
        var rows = Sql.rows(cli.stack.dataSource, "SELECT caption, source_updated_at, deleted_at IS NOT NULL AS deleted"
                + " FROM content WHERE content_id = ?", id);
        return rows.isEmpty() ? null : rows.getFirst();
    }

    private static Instant updatedAt(String id) {
        return ((Timestamp) row(id).get("source_updated_at")).toInstant();
    }

    private static boolean deleted(String id) {
        return (Boolean) row(id).get("deleted");
    }

    private static String snapshot() {
        return Sql.rows(cli.stack.dataSource, "SELECT content_id, source_updated_at, caption, deleted_at, synced_at"
                + " FROM content ORDER BY content_id").toString()
                + Sql.rows(cli.stack.dataSource, "SELECT * FROM creators ORDER BY creator_id");
    }
}
