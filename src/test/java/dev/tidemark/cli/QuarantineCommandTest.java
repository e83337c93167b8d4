package dev.tidemark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidemark.core.parse.JsonValues;
import dev.tidemark.dynamodb.AttributeValues;
import dev.tidemark.sync.RunRecord;
import dev.tidemark.testing.Sql;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code tidemark quarantine list|show|replay}: one item the real sync quarantined (no key, still bad) and one
 * an older parser version rejected although the current parser accepts it (inserted as that version left it).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class QuarantineCommandTest {
    private static final Instant T0 = Instant.parse("2026-11-22T08:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static CliHarness cli;
    private static Map<String, AttributeValue> fixable;
    private static long keylessId;
    private static long fixableId;

    @BeforeAll
    static void start() {
        cli = new CliHarness(QuarantineCommandTest.class, T0);
        cli.seed("q", 5, T0);
        Map<String, AttributeValue> keyless = new HashMap<>(cli.dataset.post("keyless", T0.minusSeconds(900)));
        keyless.put("contentId", AttributeValue.fromS("  ")); // blank: no usable key
        cli.put(keyless);
        RunRecord run = cli.scheduledRun();
        assertThat(run.counts().quarantined()).isEqualTo(1);
        keylessId = Sql.count(cli.stack.dataSource, "SELECT quarantine_id FROM quarantine WHERE reason = 'MISSING_KEY'");

        fixable = cli.dataset.post("fixed-by-new-parser", T0.minusSeconds(1200));
        String raw = JsonValues.write(AttributeValues.toSourceItem(fixable).attributes());
        Sql.execute(cli.stack.dataSource, "INSERT INTO quarantine (run_id, source_key, source_updated_at, reason, detail,"
                + " raw, fingerprint) VALUES ('20261101T000000Z-01dc0de0', 'fixed-by-new-parser', '"
                + fixable.get("updatedAt").s() + "', 'INVALID_FIELD', 'rejected by an older parser version', '"
                + raw.replace("'", "''") + "'::jsonb, md5('" + raw.replace("'", "''") + "'))");
        fixableId = Sql.count(cli.stack.dataSource,
                "SELECT quarantine_id FROM quarantine WHERE source_key = 'fixed-by-new-parser'");
    }

    @AfterAll
    static void stop() {
        cli.close();
    }

    @Test
    @Order(1)
    void listAndShowTheQuarantinedItems() throws Exception {
        CliHarness.Result listed = cli.run("quarantine", "list");
        assertThat(listed.exitCode()).as(listed.err()).isZero();
        assertThat(listed.out()).containsPattern(keylessId + "\\s+null\\s+.*MISSING_KEY\\s+open")
                .containsPattern(fixableId + "\\s+fixed-by-new-parser\\s+.*INVALID_FIELD\\s+open");
        JsonNode json = JSON.readTree(cli.run("quarantine", "list", "--json", "--reason", "MISSING_KEY").out());
        assertThat(json).hasSize(1);
        assertThat(json.get(0).get("id").asLong()).isEqualTo(keylessId);
        assertThat(json.get(0).has("rawJson")).isFalse();

        CliHarness.Result shown = cli.run("quarantine", "show", Long.toString(fixableId));
        assertThat(shown.exitCode()).isZero();
        assertThat(shown.out()).contains("Reason       INVALID_FIELD")
                .contains("Detail       rejected by an older parser version")
                .contains("\"contentId\" : \"fixed-by-new-parser\"")
                .contains("\"caption\" : \"" + fixable.get("caption").s().replace("\n", "\\n") + "\"");
        CliHarness.Result missing = cli.run("quarantine", "show", "999999");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).isEqualTo("tidemark: no quarantine entry with id 999999\n");
    }

    @Test
    @Order(2)
    void replayWritesWhatTheCurrentParserAcceptsAndLeavesTheRestOpen() throws Exception {
        CliHarness.Result dry = cli.run("quarantine", "replay", "--dry-run");
        assertThat(dry.exitCode()).as(dry.err()).isZero();
        assertThat(dry.out()).contains("would pass").contains("Dry run: 1 of 2 quarantined items pass");
        assertThat(Sql.count(cli.stack.dataSource, "SELECT count(*) FROM content WHERE content_id = 'fixed-by-new-parser'")).isZero();
        assertThat(Sql.count(cli.stack.dataSource, "SELECT count(*) FROM quarantine WHERE resolved_at IS NULL")).isEqualTo(2);

        CliHarness.Result replayed = cli.run("quarantine", "replay");
        assertThat(replayed.exitCode()).as(replayed.err()).isZero();
        assertThat(replayed.out())
                .containsPattern(fixableId + "\\s+fixed-by-new-parser\\s+INVALID_FIELD\\s+passes: written, resolved")
                .containsPattern(keylessId + "\\s+null\\s+MISSING_KEY\\s+still rejected: MISSING_KEY")
                .contains("Replayed: 1 of 2 quarantined items pass the current mapping (1 upserted, 0 unchanged)");

        Map<String, Object> replayRun = Sql.row(cli.stack.dataSource, "SELECT run_id, status, fetched, upserted,"
                + " unchanged, quarantined FROM sync_runs WHERE mode = 'replay' AND NOT dry_run");
        assertThat(replayRun).containsEntry("status", "succeeded").containsEntry("fetched", 2)
                .containsEntry("upserted", 1).containsEntry("unchanged", 0).containsEntry("quarantined", 1);
        Map<String, Object> content = Sql.row(cli.stack.dataSource, "SELECT caption, view_count, source_updated_at,"
                + " last_run_id FROM content WHERE content_id = 'fixed-by-new-parser'");
        assertThat(content.get("caption")).isEqualTo(fixable.get("caption").s());
        assertThat((BigDecimal) content.get("view_count")).isEqualByComparingTo(fixable.get("viewCount").n());
        assertThat(((Timestamp) content.get("source_updated_at")).toInstant()).isEqualTo(Instant.parse(fixable.get("updatedAt").s()));
        assertThat(content.get("last_run_id")).isEqualTo(replayRun.get("run_id"));
        Map<String, Object> resolved = Sql.row(cli.stack.dataSource,
                "SELECT resolved_at, resolved_by_run FROM quarantine WHERE quarantine_id = ?", fixableId);
        assertThat(resolved.get("resolved_by_run")).isEqualTo(replayRun.get("run_id"));
        assertThat(resolved.get("resolved_at")).isNotNull();
        assertThat(Sql.count(cli.stack.dataSource, "SELECT count(*) FROM quarantine WHERE resolved_at IS NULL"
                + " AND quarantine_id = ?", keylessId)).isEqualTo(1);

        assertThat(cli.run("quarantine", "list").out()).contains("1 shown, 1 open in total").doesNotContain("fixed-by-new-parser");
        assertThat(cli.run("quarantine", "list", "--all").out()).containsPattern("fixed-by-new-parser\\s+.*resolved");

        JsonNode again = JSON.readTree(cli.run("quarantine", "replay", "--json").out());
        assertThat(again.get("outcomes")).hasSize(1);
        assertThat(again.get("outcomes").get(0).get("nowPasses").asBoolean()).isFalse();
        assertThat(again.get("run").get("counts").get("quarantined").asInt()).isEqualTo(1);
        assertThat(cli.run("quarantine", "replay", "--help").out()).contains("Usage: tidemark quarantine replay");
    }
}
