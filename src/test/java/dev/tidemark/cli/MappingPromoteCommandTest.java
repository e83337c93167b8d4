package dev.tidemark.cli;

import dev.tidemark.core.mapping.DefaultMapping;
import dev.tidemark.sync.RunRecord;
import dev.tidemark.testing.Sql;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 20: {@code tidemark mapping promote FIELD --as COLUMN TYPE} turns a drift field into a column without a
 * source read: the mapping file gains the line, the table the column, and the rows' jsonb fills it in pages; a
 * value the type cannot read stays in the jsonb; a row rewritten since the page was read is left to the sync; the
 * next incremental run writes the column directly.
 */
class MappingPromoteCommandTest {
    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    /** Rows holding the drift field (the figure; bench/RESULTS.md has the timing). */
    private static final int ROWS = 100_000;
    private static CliHarness cli;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        cli = new CliHarness(MappingPromoteCommandTest.class, NOW);
    }

    @AfterAll
    static void stop() {
        cli.close();
    }

    @Test
    void aDriftFieldBecomesAColumnFilledFromTheJsonbInPagesAndTheNextRunWritesItDirectly() throws Exception {
        // A first run creates the schema; the rows that drifted are then made in bulk (the source is not read).
        cli.seed("post", 3, NOW);
        assertThat(cli.scheduledRun().status().name()).isEqualTo("SUCCEEDED");
        Sql.execute(cli.stack.dataSource, """
                INSERT INTO content (content_id, source_updated_at, extra)
                SELECT 'bulk-' || lpad(g::text, 6, '0'), timestamptz '2026-11-29 10:00Z' + g * interval '1 ms',
                       jsonb_build_object('sentimentScore', CASE WHEN g %% 1000 = 0 THEN to_jsonb('n/a'::text)
                                                               ELSE to_jsonb(g / 1000.0) END, 'other', g)
                FROM generate_series(1, %d) g""".formatted(ROWS));
        Path file = dir.resolve("content.yaml");
        Files.writeString(file, DefaultMapping.text().replace("table: tidemark-source",
                "table: " + cli.stack.table.tableName()));

        long started = System.nanoTime();
        CliHarness.Result r = cli.run("mapping", "promote", "sentimentScore", "--as", "sentiment", "numeric",
                "--mapping", file.toString(), "--page-size", "5000");
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertThat(r.err()).isEmpty();
        assertThat(r.exitCode()).isZero();
        int unreadable = ROWS / 1000;
        assertThat(r.out()).contains("added - {name: sentiment, from: \"sentimentScore\", type: numeric}")
                .contains("content.sentiment: " + (ROWS - unreadable) + " of " + ROWS + " rows holding sentimentScore"
                        + " filled in " + (ROWS / 5000) + " pages");
        assertThat(Files.readString(file)).contains("- {name: sentiment, from: \"sentimentScore\", type: numeric}");
        assertThat((BigDecimal) Sql.row(cli.stack.dataSource,
                "SELECT sentiment FROM content WHERE content_id = 'bulk-012345'").get("sentiment"))
                .isEqualByComparingTo("12.345");
        assertThat(Sql.count(cli.stack.dataSource, "SELECT count(*) FROM content WHERE sentiment IS NOT NULL"))
                .isEqualTo(ROWS - unreadable);
        // Moved out of the jsonb; the unreadable ones stay there, and the other drift stays.
        assertThat(Sql.count(cli.stack.dataSource, "SELECT count(*) FROM content WHERE extra ?? 'sentimentScore'"))
                .isEqualTo(unreadable);
        assertThat(Sql.count(cli.stack.dataSource, "SELECT count(*) FROM content WHERE extra ?? 'other'")).isEqualTo(ROWS);
        System.out.printf("promote of %d rows in pages of 5000: %d ms%n", ROWS, millis);

        // Again: the file keeps its one line, nothing is left to fill but the unreadable values.
        CliHarness.Result again = cli.run("mapping", "promote", "sentimentScore", "--as", "sentiment", "numeric",
                "--mapping", file.toString());
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).contains("already maps").contains("0 of " + unreadable + " rows");
        assertThat(Files.readString(file).split("sentimentScore", -1)).hasSize(2);

        // The next incremental run, with the file, writes the column directly.
        cli.clock.advance(Duration.ofMinutes(30));
        Map<String, AttributeValue> scored = new HashMap<>(cli.dataset.post("scored-1", NOW.plus(Duration.ofMinutes(20))));
        scored.put("sentimentScore", AttributeValue.fromN("0.82"));
        scored.put("mood", AttributeValue.fromS("sunny")); // new drift
        cli.put(scored);
        cli.env.put("TIDEMARK_MAPPING", file.toString());
        RunRecord run = cli.scheduledRun();
        assertThat(run.counts().upserted()).isEqualTo(1);
        Map<String, Object> row = Sql.row(cli.stack.dataSource,
                "SELECT sentiment, extra::text AS extra FROM content WHERE content_id = 'scored-1'");
        assertThat((BigDecimal) row.get("sentiment")).isEqualByComparingTo("0.82");
        assertThat(String.valueOf(row.get("extra"))).doesNotContain("sentimentScore").contains("mood");

        // status and the run's report name the drift with the mapping line and the command that promotes it.
        assertThat(run.drift()).containsOnlyKeys("mood");
        String suggestion = "map it: - {name: mood, from: \"mood\", type: text}   or: tidemark mapping promote mood --as mood text";
        assertThat(cli.run("status").out()).contains("Drift:       mood").contains(suggestion);
        assertThat(cli.run("runs", "show", run.runId()).out()).contains("Drift        mood=1").contains(suggestion);

    }

    @Test
    void aSuggestedColumnIsTheFieldInSnakeCaseAndAValidIdentifier() {
        assertThat(dev.tidemark.core.mapping.DriftSuggestion.column("sentimentScore")).isEqualTo("sentiment_score");
        assertThat(dev.tidemark.core.mapping.DriftSuggestion.column("creator.verified")).isEqualTo("creator_verified");
        assertThat(dev.tidemark.core.mapping.DriftSuggestion.column("9 lives!")).isEqualTo("f_9_lives");
        assertThat(dev.tidemark.core.mapping.DriftSuggestion.command("a b")).isEqualTo(
                "tidemark mapping promote 'a b' --as a_b text");
    }
}
