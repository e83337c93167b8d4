package dev.tidemark.postgres;

import dev.tidemark.core.model.Rejection;
import dev.tidemark.sync.PageResult;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What every page write does whatever the shape of its rows: one row per key (newest wins), one entity per key
 * (older versions fill what newer ones did not carry), the page's quarantine entries and the quarantine rows it
 * resolves, and a dry run's preview. Rows of any shape: the caller says what a row's key and update time are.
 */
final class PageRows {
    private PageRows() {
    }

    /**
     * Keeps one element per id: the newest by timestamp, the later one on a tie. Ordered by id, so concurrent
     * page writers (backfill slices, the scheduled run) lock shared rows in the same order and wait for each other
     * instead of deadlocking.
     */
    static <T> List<T> latestById(Collection<T> items, Function<T, String> id, Function<T, Instant> updatedAt) {
        Map<String, T> latest = new TreeMap<>();
        for (T item : items) {
            latest.merge(id.apply(item), item,
                    (kept, incoming) -> updatedAt.apply(incoming).isBefore(updatedAt.apply(kept)) ? kept : incoming);
        }
        return new ArrayList<>(latest.values());
    }

    /**
     * One entity per id, as the store would hold it after applying the page's versions oldest first: fields
     * a newer version did not carry come from the older ones. Returned in id order: concurrent writers (backfill
     * slices) then lock shared entity rows in one order and wait for each other instead of deadlocking.
     */
    static <T> List<T> mergedById(Collection<T> items, Function<T, String> id, Function<T, Instant> updatedAt,
                                  BinaryOperator<T> then) {
        Map<String, T> merged = new TreeMap<>();
        // Stable sort: among equal timestamps the later one wins, as in latestById.
        items.stream().sorted(Comparator.comparing(updatedAt))
                .forEach(item -> merged.merge(id.apply(item), item, then));
        return new ArrayList<>(merged.values());
    }

    /**
     * A dry run's page: read-only. {@code sql} selects, of the bound keys, update times and tombstones, those a
     * write would certainly change (row missing or older), with their tombstone; they count as upserted, the rest
     * as unchanged. An equal-timestamp row with different content would also be written; the preview does not
     * compare contents and counts it unchanged.
     */
    static <T> PageResult preview(DataSource dataSource, String sql, List<T> latest, Function<T, String> key,
                                  Function<T, Instant> updatedAt, Predicate<T> tombstone, int records,
                                  int rejections) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            c.setReadOnly(true);
            ps.setArray(1, c.createArrayOf("text", latest.stream().map(key).toArray()));
            ps.setArray(2, c.createArrayOf("text", latest.stream().map(r -> instant(updatedAt.apply(r))).toArray()));
            ps.setArray(3, c.createArrayOf("bool", latest.stream().map(tombstone::test).toArray()));
            Set<String> written = new LinkedHashSet<>();
            int deleted = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    written.add(rs.getString(1));
                    deleted += rs.getBoolean(2) ? 1 : 0;
                }
            } finally {
                c.setReadOnly(false);
            }
            return new PageResult(written.size(), records - written.size(), rejections, deleted, written);
        } catch (SQLException e) {
            throw new PageWriteException("dry-run preview of a page of " + records + " records failed: "
                    + e.getMessage(), e);
        }
    }

    /** The page's quarantine entries, under the run's pipeline. */
    static void quarantine(Connection c, String runId, List<Rejection> rejections) throws SQLException {
        if (rejections.isEmpty()) {
            return;
        }
        // The same bad item replayed (overlap, rerun) is the same quarantine row, not a new one.
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO quarantine (run_id, pipeline, source_key, source_updated_at, reason, detail, raw,
                                        fingerprint)
                SELECT w.run_id, coalesce(r.pipeline, 'tidemark'), q.source_key, q.source_updated_at, q.reason,
                       q.detail, q.raw, md5(q.raw::text)
                FROM (SELECT ?::text AS run_id) w LEFT JOIN sync_runs r ON r.run_id = w.run_id,
                     unnest(?::text[], ?::timestamptz[], ?::text[], ?::text[], ?::jsonb[])
                     AS q(source_key, source_updated_at, reason, detail, raw)
                ON CONFLICT (pipeline, fingerprint, reason) DO NOTHING
                """)) {
            // The pipeline is the run's (its sync_runs row is written before its first page).
            ps.setString(1, runId);
            UnnestArrays a = new UnnestArrays(c, ps, 2);
            a.text(rejections, Rejection::sourceKey);
            a.text(rejections, r -> instant(r.sourceUpdatedAt()));
            a.text(rejections, r -> r.reason().name());
            a.text(rejections, Rejection::detail);
            a.text(rejections, Rejection::rawJson);
            ps.executeUpdate();
        }
    }

    /**
     * The replay loop closes itself: once the source is fixed and a readable version of a quarantined key
     * arrives (as new as the bad one or newer), its open quarantine rows are marked resolved by this run.
     * Open rows are then exactly the items still broken at the source.
     */
    static <T> void resolveQuarantine(Connection c, String runId, List<T> records, Function<T, String> key,
                                      Function<T, Instant> updatedAt) throws SQLException {
        if (records.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE quarantine q SET resolved_at = now(), resolved_by_run = ?
                FROM unnest(?::text[], ?::timestamptz[]) AS a(source_key, source_updated_at)
                WHERE q.resolved_at IS NULL AND q.source_key = a.source_key
                  AND (q.source_updated_at IS NULL OR q.source_updated_at <= a.source_updated_at)
                """)) {
            ps.setString(1, runId);
            UnnestArrays a = new UnnestArrays(c, ps, 2);
            a.text(records, key);
            a.text(records, r -> instant(updatedAt.apply(r)));
            ps.executeUpdate();
        }
    }

    /** An instant's bound text form. */
    static String instant(Instant i) {
        return i == null ? null : i.toString();
    }
}
