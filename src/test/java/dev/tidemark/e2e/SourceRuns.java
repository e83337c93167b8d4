package dev.tidemark.e2e;

import dev.tidemark.app.Tidemark;
import dev.tidemark.app.TidemarkConfig;
import dev.tidemark.dynamodb.SourceTable;
import dev.tidemark.local.MutableClock;
import dev.tidemark.local.SourceTables;
import dev.tidemark.sync.RunRecord;
import dev.tidemark.sync.TimeBudget;
import dev.tidemark.testing.TestStack;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.tidemark.dynamodb.DynamoDbSourceReader.SORT_KEY_FORMAT;

/**
 * Writes raw items into DynamoDB Local the way a producer would and runs a real scheduled sync over them.
 * Each call moves the clock an hour on and stamps its items half an hour before the new "now", so every
 * run reads exactly the items written for it (nothing falls into the next run's overlap).
 */
final class SourceRuns implements AutoCloseable {
    private final TestStack stack;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T01:00:00Z"));
    private final Tidemark app;
    private final SourceTable table;
    private boolean ownsStack;

    /** Runs on a stack of their own, closed with them. */
    static SourceRuns forClass(Class<?> testClass, int pageSize) {
        SourceRuns runs = new SourceRuns(TestStack.forClass(testClass), pageSize);
        runs.ownsStack = true;
        return runs;
    }

    TestStack stack() {
        return stack;
    }

    SourceRuns(TestStack stack, int pageSize) {
        this(stack, Map.of(TidemarkConfig.ENV_PAGE_SIZE, Integer.toString(pageSize)));
    }

    SourceRuns(TestStack stack, Map<String, String> overrides) {
        this.stack = stack;
        this.app = stack.application(overrides).clock(clock).build();
        this.table = app.config().table();
    }

    /** Stamps the items (index keys and all), writes them, runs one sync, and returns its run record. */
    RunRecord sync(List<Map<String, AttributeValue>> items) {
        clock.advance(Duration.ofHours(1));
        Instant base = clock.instant().minus(Duration.ofMinutes(30));
        List<Map<String, AttributeValue>> stamped = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Map<String, AttributeValue> item = items.get(i);
            Map<String, AttributeValue> withKeys = SourceTables.withIndexKeys(table, item, base.plusMillis(i));
            // An item may bring its own (messy) updatedAt, a template: "{stamp}" is the sort key the item
            // would get, "{hour}" the hour the window starts in ("2026-11-22T01"; the window is
            // [hour:54:55, next hour:59:55)), so "{hour}:61:00.000Z" sorts inside this window, and only
            // this one, like any valid key; "{late}" a minute just before the window's end, so
            // "{late}:61.000Z" also falls into the next run's overlap. The GSI compares strings, not instants.
            if (item.containsKey("updatedAt") && item.get("updatedAt").s() != null) {
                String stamp = withKeys.get(table.sortAttribute()).s();
                String hour = SORT_KEY_FORMAT.format(clock.instant().minus(Duration.ofHours(2))).substring(0, 13);
                String late = SORT_KEY_FORMAT.format(clock.instant().minus(Duration.ofMinutes(3))).substring(0, 16);
                withKeys.put("updatedAt", s(item.get("updatedAt").s().replace("{stamp}", stamp)
                        .replace("{hour}", hour).replace("{late}", late)));
            }
            stamped.add(withKeys);
        }
        SourceTables.putAll(stack.dynamoDb, table.tableName(), stamped);
        return app.sync().runScheduled("test", null, TimeBudget.UNLIMITED);
    }

    @Override
    public void close() {
        app.close();
        if (ownsStack) {
            stack.close();
        }
    }

    static AttributeValue s(String s) {
        return AttributeValue.fromS(s);
    }

    static AttributeValue n(String n) {
        return AttributeValue.fromN(n);
    }

    static AttributeValue list(AttributeValue... values) {
        return AttributeValue.fromL(Arrays.asList(values));
    }

    static AttributeValue map(Object... namesAndValues) {
        return AttributeValue.fromM(attributes(namesAndValues));
    }

    /** A content item with the given id and attributes (name, AttributeValue pairs). */
    static Map<String, AttributeValue> item(String id, Object... namesAndValues) {
        Map<String, AttributeValue> item = new HashMap<>(attributes(namesAndValues));
        if (id != null) {
            item.put("contentId", s(id));
        }
        return item;
    }

    private static Map<String, AttributeValue> attributes(Object... namesAndValues) {
        Map<String, AttributeValue> m = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            m.put((String) namesAndValues[i], (AttributeValue) namesAndValues[i + 1]);
        }
        return m;
    }
}
