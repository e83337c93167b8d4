package dev.tidemark.postgres;

import dev.tidemark.core.mapping.EntityTable;
import dev.tidemark.core.mapping.ManyToMany;
import dev.tidemark.core.mapping.MappedOutcome;
import dev.tidemark.core.mapping.Mapping;
import dev.tidemark.core.mapping.TableRow;
import dev.tidemark.core.model.Rejection;
import dev.tidemark.core.parse.JsonValues;
import dev.tidemark.sync.MappedSink;
import dev.tidemark.sync.PageResult;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * A mapping's page sink: one transaction per page, its SQL built once from the mapping ({@link MappedStatements}),
 * one set-based statement per step: each entity table (a partial entity keeps the columns it does not carry), each
 * set's values, the root rows (monotonic on the update time, written only when something differs), each set's
 * edges of the changed rows, quarantine, and the quarantine rows the page resolves. A constant number of round
 * trips per page: entities + 2 × sets + 3.
 *
 * <p>Root rows are de-duplicated by key first (newest wins: PostgreSQL aborts an {@code ON CONFLICT DO UPDATE}
 * statement that touches the same key twice), entity rows merged by key (older versions fill what newer ones did
 * not carry), both in key order so concurrent writers lock in one order ({@link PageRows}).
 */
public final class PostgresMappedSink implements MappedSink {
    private final DataSource dataSource;
    private final MappedStatements sql;

    public PostgresMappedSink(DataSource dataSource, Mapping mapping) {
        this.dataSource = dataSource;
        this.sql = MappedStatements.of(mapping);
    }

    /** Statements (round trips) a page costs at most, whatever its size. */
    public int maxStatementsPerPage() {
        return sql.entities().size() + sql.setValues().size() + sql.edges().size() + 3;
    }

    @Override
    public PageResult write(String runId, List<MappedOutcome.Mapped> rows, List<Rejection> rejections) {
        List<TableRow> latest = PageRows.latestById(rows.stream().map(MappedOutcome.Mapped::root).toList(),
                TableRow::key, TableRow::sourceUpdatedAt);
        Map<String, MappedOutcome.Mapped> byKey = new LinkedHashMap<>();
        rows.forEach(r -> byKey.merge(r.root().key(), r, (kept, incoming) ->
                incoming.root().sourceUpdatedAt().isBefore(kept.root().sourceUpdatedAt()) ? kept : incoming));
        return PageTransaction.run(dataSource, "page of " + rows.size() + " rows and " + rejections.size()
                + " rejections", c -> {
            Mapping m = sql.mapping();
            for (int i = 0; i < m.entities().size(); i++) {
                entity(c, i, m.entities().get(i), rows);
            }
            for (int i = 0; i < m.sets().size(); i++) {
                setValues(c, i, m.sets().get(i), latest, byKey);
            }
            Map<String, Boolean> changed = upsertRoot(c, runId, latest);
            for (int i = 0; i < m.sets().size(); i++) {
                edges(c, i, m.sets().get(i), latest, byKey, changed.keySet());
            }
            PageRows.quarantine(c, runId, rejections);
            PageRows.resolveQuarantine(c, runId, latest, TableRow::key, TableRow::sourceUpdatedAt);
            int deleted = (int) changed.values().stream().filter(Boolean::booleanValue).count();
            return new PageResult(changed.size(), rows.size() - changed.size(), rejections.size(),
                    deleted, changed.keySet());
        });
    }

    @Override
    public PageResult preview(List<MappedOutcome.Mapped> rows, List<Rejection> rejections) {
        List<TableRow> latest = PageRows.latestById(rows.stream().map(MappedOutcome.Mapped::root).toList(),
                TableRow::key, TableRow::sourceUpdatedAt);
        if (latest.isEmpty()) {
            return new PageResult(0, rows.size(), rejections.size(), 0);
        }
        String deletedAt = sql.mapping().root().deletedAtColumn();
        return PageRows.preview(dataSource, sql.preview(), latest, TableRow::key, TableRow::sourceUpdatedAt,
                r -> r.value(deletedAt) != null, rows.size(), rejections.size());
    }

    private void entity(Connection c, int index, EntityTable e, List<MappedOutcome.Mapped> rows) throws SQLException {
        // Every version on the page: an older one may be the only one that carried a column.
        List<TableRow> named = rows.stream().flatMap(r -> r.entities().stream())
                .filter(r -> r.table().equals(e.table())).toList();
        List<TableRow> merged = PageRows.mergedById(named, TableRow::key, TableRow::sourceUpdatedAt,
                PostgresMappedSink::then);
        if (merged.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(sql.entities().get(index))) {
            for (boolean update : new boolean[] {false, true}) {
                UnnestArrays a = new UnnestArrays(c, ps, update ? 2 + e.columns().size() + 1 : 1);
                a.text(merged, TableRow::key);
                for (var col : e.columns()) {
                    a.text(merged, r -> text(r.value(col.name())));
                }
                a.text(merged, r -> r.sourceUpdatedAt().toString());
                if (update) {
                    for (var col : e.columns()) {
                        a.text(merged, r -> Boolean.toString(r.carried().contains(col.name())));
                    }
                }
            }
            ps.execute();
        }
    }

    /** The store after an older then a newer version: the newer one's carried columns over the older one's. */
    private static TableRow then(TableRow older, TableRow newer) {
        Map<String, Object> values = new LinkedHashMap<>(older.values());
        newer.carried().forEach(col -> values.put(col, newer.value(col)));
        Set<String> carried = new LinkedHashSet<>(older.carried());
        carried.addAll(newer.carried());
        return new TableRow(newer.table(), newer.key(), newer.sourceUpdatedAt(), values, carried);
    }

    private static List<String> members(MappedOutcome.Mapped row, ManyToMany set) {
        return row.sets().stream().filter(s -> s.set().equals(set.name())).findFirst()
                .map(MappedOutcome.SetMembers::members).orElse(List.of());
    }

    private void setValues(Connection c, int index, ManyToMany set, List<TableRow> latest,
                           Map<String, MappedOutcome.Mapped> byKey) throws SQLException {
        Set<String> names = new TreeSet<>(); // one lock order for every writer
        latest.forEach(r -> names.addAll(members(byKey.get(r.key()), set)));
        if (names.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(sql.setValues().get(index))) {
            ps.setArray(1, c.createArrayOf("text", names.toArray()));
            ps.executeUpdate();
        }
    }

    private Map<String, Boolean> upsertRoot(Connection c, String runId, List<TableRow> latest) throws SQLException {
        Map<String, Boolean> changed = new LinkedHashMap<>();
        if (latest.isEmpty()) {
            return changed;
        }
        try (PreparedStatement ps = c.prepareStatement(sql.root())) {
            ps.setString(1, runId);
            UnnestArrays a = new UnnestArrays(c, ps, 2);
            a.text(latest, TableRow::key);
            for (MappedStatements.Column col : sql.rootColumns()) {
                a.text(latest, r -> text(r.value(col.name())));
            }
            a.text(latest, r -> r.sourceUpdatedAt().toString());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    changed.put(rs.getString(1), rs.getBoolean(2));
                }
            }
        }
        return changed;
    }

    private void edges(Connection c, int index, ManyToMany set, List<TableRow> latest,
                       Map<String, MappedOutcome.Mapped> byKey, Set<String> changedKeys) throws SQLException {
        if (changedKeys.isEmpty()) {
            return;
        }
        List<String> keys = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (TableRow r : latest) {
            if (changedKeys.contains(r.key())) {
                for (String member : members(byKey.get(r.key()), set)) {
                    keys.add(r.key());
                    values.add(member);
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement(sql.edges().get(index))) {
            ps.setArray(1, c.createArrayOf("text", keys.toArray()));
            ps.setArray(2, c.createArrayOf("text", values.toArray()));
            ps.setArray(3, c.createArrayOf("text", changedKeys.toArray()));
            ps.executeUpdate();
        }
    }

    /** A value's bound text form (see {@link MappedStatements#parameterType}). */
    static String text(Object value) {
        return switch (value) {
            case null -> null;
            case String s -> s;
            case BigDecimal d -> d.toPlainString();
            case Instant i -> i.toString();
            case byte[] b -> "\\x" + HexFormat.of().formatHex(b);
            case Collection<?> list -> JsonValues.write(list.stream().map(PostgresMappedSink::text).toList());
            default -> Objects.toString(value);
        };
    }

}
