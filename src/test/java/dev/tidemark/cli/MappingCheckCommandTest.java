package dev.tidemark.cli;

import dev.tidemark.core.mapping.DefaultMapping;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code tidemark mapping check FILE} against DynamoDB Local: reports what a mapping would make of the live table. */
class MappingCheckCommandTest {
    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    private static CliHarness cli;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        cli = new CliHarness(MappingCheckCommandTest.class, NOW);
        cli.seed("post", 20, NOW);
        Map<String, AttributeValue> odd = new HashMap<>(cli.dataset.post("odd-1", NOW.minusSeconds(600)));
        odd.put("platform", AttributeValue.fromM(Map.of("name", AttributeValue.fromS("tiktok"))));
        odd.put("sentimentScore", AttributeValue.fromN("0.82"));
        cli.put(odd);
    }

    @AfterAll
    static void stop() {
        cli.close();
    }

    private Path file(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    private static String defaultFor(String table) {
        return DefaultMapping.text().replace("table: tidemark-source", "table: " + table);
    }

    private static long sourceItems() {
        return cli.stack.dynamoDb.scan(r -> r.tableName(cli.stack.table.tableName()).select("COUNT")).count();
    }

    @Test
    void theDefaultMappingOnItsOwnTableReportsOnlyTheOddItem() throws IOException {
        Path file = file("default.yaml", defaultFor(cli.stack.table.tableName()));
        CliHarness.Result r = cli.run("mapping", "check", file.toString());
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).contains("21 item(s) sampled: 21 would be written, 0 quarantined",
                "unmapped attributes (drift):", "  sentimentScore ×1 (e.g. key odd-1)",
                "values a column could not read (NULL, original kept as a note):",
                "  platform ×1 (e.g. key odd-1: expected text, found a map)").doesNotContain("table:");
        assertThat(r.exitCode()).isEqualTo(MappingCommand.FINDINGS);
    }

    @Test
    void aMappingForAnotherShapeReportsTheKeyIndexAndEveryItemItWouldQuarantine() throws IOException {
        Path file = file("orders.yaml", """
                source:
                  key: orderNo
                  index: no-such-index
                  updatedAt: {attribute: updatedAt, format: epoch-millis}
                root: {table: orders, key: order_no, columns: [{name: caption, from: caption, type: text}]}
                unmapped: {policy: drop}
                """);
        long before = sourceItems();
        CliHarness.Result r = cli.run("mapping", "check", file.toString(), "--table", cli.stack.table.tableName(),
                "--sample", "5");
        assertThat(r.out()).contains("5 item(s) sampled: 0 would be written, 5 quarantined",
                "table: the table's key is contentId, the mapping says orderNo",
                "table: the table has no index no-such-index (it has [updatedDate-updatedAt-index])",
                "would be quarantined:", "  MISSING_KEY ×5 (e.g. no key under any of orderNo)");
        assertThat(r.exitCode()).isEqualTo(MappingCommand.FINDINGS);
        assertThat(sourceItems()).as("a check writes nothing").isEqualTo(before);
    }

    @Test
    void anInvalidFileIsRefusedWithEveryProblem() throws IOException {
        Path file = file("bad.yaml", "root: {table: t, columns: [{name: a, from: a, type: numbr}]}\nunmapped: {policy: keep}\n");
        CliHarness.Result r = cli.run("mapping", "check", file.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains(file + ": root.columns[0].type: unknown type 'numbr'",
                file + ": unmapped.policy: unknown policy 'keep' (jsonb, drop, quarantine)",
                "tidemark: " + file + " is not a valid mapping (2 problems)");
    }
}
