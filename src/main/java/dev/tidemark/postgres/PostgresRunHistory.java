package dev.tidemark.postgres;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/** Questions operators ask of {@code sync_runs} beyond the run log itself. */
public final class PostgresRunHistory {
    private final DataSource dataSource;
    private final String pipeline;

    /** @param pipeline the pipeline whose runs count ({@code TIDEMARK_PIPELINE_NAME}) */
    public PostgresRunHistory(DataSource dataSource, String pipeline) {
        this.dataSource = dataSource;
        this.pipeline = pipeline;
    }

    /**
     * The synced frontier: the furthest {@code updatedAt} any sync run has read and committed up to. A
     * succeeded run committed its whole window, so its {@code window_to} counts; a partial run committed only
     * up to the checkpoint it wrote. Dry runs, skipped runs and manual checkpoint moves read nothing and do not
     * count. Source changes at or after this instant are unsynced.
     */
    public Optional<Instant> syncedFrontier() {
        String sql = """
                SELECT max(CASE WHEN status = 'succeeded' THEN window_to ELSE checkpoint_after END)
                FROM sync_runs
                WHERE pipeline = ? AND NOT dry_run AND mode <> 'checkpoint' AND status IN ('succeeded', 'partial')""";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, pipeline);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                Timestamp t = rs.getTimestamp(1);
                return Optional.ofNullable(t).map(Timestamp::toInstant);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read sync_runs", e);
        }
    }
}
