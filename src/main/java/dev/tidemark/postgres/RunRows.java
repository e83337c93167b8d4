package dev.tidemark.postgres;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidemark.sync.Lateness;
import dev.tidemark.sync.ReconcileCounts;
import dev.tidemark.sync.RunCounts;
import dev.tidemark.sync.RunRecord;
import dev.tidemark.sync.RunStatus;

import java.sql.Array;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A {@link RunRecord} as a {@code sync_runs} row: the columns, in the order {@link #bind} fills them. */
final class RunRows {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String COLUMNS = """
            run_id, mode, trigger, event_id, window_from, window_to, partitions, partitions_completed, pages,
            fetched, upserted, unchanged, quarantined, deleted, drift, checkpoint_before, checkpoint_after,
            status, error, dry_run, started_at, finished_at, late_records, max_lateness_ms, missing, stale,
            reconcile_deleted, repaired, frontier, stopped_at, reconcile_pass_id""";
    /** One placeholder per column of {@link #COLUMNS}. */
    static final String VALUES = "?, ?, ?, ?, ?, ?, ?::date[], ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?,"
            + " ?, ?, ?, ?, ?, ?, ?, ?, ?";

    private RunRows() {
    }

    /** Binds the columns from parameter {@code first} on; returns the index after the last. */
    static int bind(Connection c, PreparedStatement ps, RunRecord r, int first) throws SQLException {
        int i = first;
        ps.setString(i++, r.runId());
        ps.setString(i++, r.mode());
        ps.setString(i++, r.trigger());
        ps.setString(i++, r.eventId());
        ps.setTimestamp(i++, timestamp(r.windowFrom()));
        ps.setTimestamp(i++, timestamp(r.windowTo()));
        ps.setArray(i++, c.createArrayOf("text", r.partitions().stream().map(LocalDate::toString).toArray()));
        ps.setInt(i++, r.partitionsCompleted());
        RunCounts n = r.counts();
        ps.setInt(i++, n.pages());
        ps.setInt(i++, n.fetched());
        ps.setInt(i++, n.upserted());
        ps.setInt(i++, n.unchanged());
        ps.setInt(i++, n.quarantined());
        ps.setInt(i++, n.deleted());
        ps.setString(i++, json(r.drift()));
        ps.setTimestamp(i++, timestamp(r.checkpointBefore()));
        ps.setTimestamp(i++, timestamp(r.checkpointAfter()));
        ps.setString(i++, r.status().dbValue());
        if (r.error() == null) {
            ps.setNull(i++, Types.VARCHAR);
        } else {
            ps.setString(i++, r.error().replace("\u0000", ""));
        }
        ps.setBoolean(i++, r.dryRun());
        ps.setTimestamp(i++, timestamp(r.startedAt()));
        ps.setTimestamp(i++, timestamp(r.finishedAt()));
        ps.setInt(i++, r.lateness().records());
        ps.setLong(i++, r.lateness().max().toMillis());
        ReconcileCounts found = r.reconcile();
        for (Integer count : found == null ? new Integer[] {null, null, null, null}
                : new Integer[] {found.missing(), found.stale(), found.deleted(), found.repaired()}) {
            ps.setObject(i++, count, Types.INTEGER);
        }
        ps.setTimestamp(i++, timestamp(r.frontier()));
        ps.setString(i++, r.stoppedAt());
        ps.setString(i++, found == null ? null : found.passId());
        return i;
    }

    static RunRecord read(ResultSet rs) throws SQLException {
        List<LocalDate> partitions = new ArrayList<>();
        Array array = rs.getArray("partitions");
        if (array != null) {
            for (Object d : (Object[]) array.getArray()) {
                partitions.add(((Date) d).toLocalDate());
            }
        }
        return new RunRecord(
                rs.getString("run_id"), rs.getString("mode"), rs.getString("trigger"), rs.getString("event_id"),
                instant(rs, "window_from"), instant(rs, "window_to"), partitions, rs.getInt("partitions_completed"),
                new RunCounts(rs.getInt("pages"), rs.getInt("fetched"), rs.getInt("upserted"),
                        rs.getInt("unchanged"), rs.getInt("quarantined"), rs.getInt("deleted")),
                drift(rs.getString("drift")), instant(rs, "checkpoint_before"), instant(rs, "checkpoint_after"),
                RunStatus.fromDb(rs.getString("status")), rs.getString("error"), rs.getBoolean("dry_run"),
                instant(rs, "started_at"), instant(rs, "finished_at"),
                new Lateness(rs.getInt("late_records"), Duration.ofMillis(rs.getLong("max_lateness_ms"))),
                rs.getObject("missing") == null ? null : new ReconcileCounts(rs.getInt("missing"),
                        rs.getInt("stale"), rs.getInt("reconcile_deleted"), rs.getInt("repaired"),
                        rs.getString("reconcile_pass_id")),
                instant(rs, "frontier"), rs.getString("stopped_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static Timestamp timestamp(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }

    private static String json(Map<String, Integer> drift) {
        try {
            return JSON.writeValueAsString(drift);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Integer> drift(String json) {
        try {
            return json == null ? Map.of() : JSON.readValue(json, new TypeReference<Map<String, Integer>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable drift column: " + json, e);
        }
    }
}
