package dev.tidemark.testing;

import dev.tidemark.local.DemoDataset;
import dev.tidemark.local.SourceTables;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** Writes, tombstones and hard-deletes source items the way a producer would, and compares them with PostgreSQL. */
public final class SourceItems {
    private final TestStack stack;
    private final long seed;

    public SourceItems(TestStack stack, long seed) {
        this.stack = stack;
        this.seed = seed;
    }

    /** A new version of {@code id} stamped {@code updatedAt}; its caption names the version. */
    public Map<String, AttributeValue> put(String id, Instant updatedAt) {
        return write(id, updatedAt, false);
    }

    /** A tombstone: the item stays at the source, flagged {@code deleted: true}. */
    public Map<String, AttributeValue> tombstone(String id, Instant updatedAt) {
        return write(id, updatedAt, true);
    }

    public void hardDelete(String id) {
        stack.dynamoDb.deleteItem(r -> r.tableName(stack.table.tableName())
                .key(Map.of(stack.table.keyAttribute(), AttributeValue.fromS(id))));
    }

    public void putAll(List<Map<String, AttributeValue>> items) {
        SourceTables.putAll(stack.dynamoDb, stack.table.tableName(), items);
    }

    /** Deterministic for (id, updatedAt): the same version written twice is the same item. */
    public Map<String, AttributeValue> item(String id, Instant updatedAt, boolean deleted) {
        DemoDataset dataset = new DemoDataset(stack.table, Objects.hash(seed, id, updatedAt));
        Map<String, AttributeValue> item = new HashMap<>(dataset.post(id, updatedAt));
        item.put("caption", AttributeValue.fromS(caption(id, updatedAt)));
        if (deleted) {
            item.put("deleted", AttributeValue.fromBool(true));
        }
        return item;
    }

    private Map<String, AttributeValue> write(String id, Instant updatedAt, boolean deleted) {
        Map<String, AttributeValue> item = item(id, updatedAt, deleted);
        stack.dynamoDb.putItem(r -> r.tableName(stack.table.tableName()).item(item));
        return item;
    }

    public static String caption(String id, Instant updatedAt) {
        return id + " as of " + updatedAt;
    }

    /** Every item at the source, by id (a consistent full scan). */
    public Map<String, Map<String, AttributeValue>> all() {
        Map<String, Map<String, AttributeValue>> items = new TreeMap<>();
        stack.dynamoDb.scanPaginator(r -> r.tableName(stack.table.tableName()).consistentRead(true))
                .items().forEach(i -> items.put(i.get(stack.table.keyAttribute()).s(), i));
        return items;
    }

    public static Instant updatedAt(Map<String, AttributeValue> item) {
        return Instant.parse(item.get("updatedAt").s());
    }

    public static boolean isTombstone(Map<String, AttributeValue> item) {
        AttributeValue flag = item.get("deleted");
        return flag != null && Boolean.TRUE.equals(flag.bool()) || item.containsKey("deletedAt");
    }

    /** One content row as the comparison needs it. */
    public record Row(String id, Instant sourceUpdatedAt, String caption, BigDecimal viewCount, boolean deleted) {
    }

    public static Map<String, Row> rows(DataSource ds) {
        Map<String, Row> rows = new TreeMap<>();
        for (Map<String, Object> r : Sql.rows(ds,
                "SELECT content_id, source_updated_at, caption, view_count, deleted_at IS NOT NULL AS deleted FROM content")) {
            rows.put((String) r.get("content_id"), new Row((String) r.get("content_id"),
                    ((Timestamp) r.get("source_updated_at")).toInstant(), (String) r.get("caption"),
                    (BigDecimal) r.get("view_count"), (Boolean) r.get("deleted")));
        }
        return rows;
    }

    /**
     * PostgreSQL equals the source exactly: every source item has its row at the same version (same
     * {@code updatedAt}, caption, view count, tombstone state); every other row is soft-deleted. Lists every
     * difference before failing.
     */
    public List<String> differences(DataSource ds) {
        Map<String, Map<String, AttributeValue>> source = all();
        Map<String, Row> rows = rows(ds);
        List<String> differences = new ArrayList<>();
        source.forEach((id, item) -> {
            Row row = rows.get(id);
            if (row == null) {
                differences.add(id + ": missing in PostgreSQL (source version " + updatedAt(item) + ")");
                return;
            }
            if (!row.sourceUpdatedAt().equals(updatedAt(item))) {
                differences.add(id + ": stale, PostgreSQL has " + row.sourceUpdatedAt() + ", source " + updatedAt(item));
            }
            if (!item.get("caption").s().equals(row.caption())) {
                differences.add(id + ": caption '" + row.caption() + "' vs source '" + item.get("caption").s() + "'");
            }
            if (row.viewCount() == null || row.viewCount().compareTo(new BigDecimal(item.get("viewCount").n())) != 0) {
                differences.add(id + ": view count " + row.viewCount() + " vs source " + item.get("viewCount").n());
            }
            if (row.deleted() != isTombstone(item)) {
                differences.add(id + ": deleted=" + row.deleted() + " but source tombstone=" + isTombstone(item));
            }
        });
        rows.forEach((id, row) -> {
            if (!source.containsKey(id) && !row.deleted()) {
                differences.add(id + ": live in PostgreSQL but gone from the source");
            }
        });
        return differences;
    }

    public void assertEqualToSource(DataSource ds) {
        assertThat(differences(ds)).as("differences between the source and PostgreSQL").isEmpty();
    }
}
