package dev.tidemark.postgres;

import dev.tidemark.core.Checkpoint;
import dev.tidemark.sync.CheckpointStore;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Optional;

/**
 * The checkpoint in PostgreSQL's {@code checkpoints} table. For the embedded demo, where there is no SSM;
 * deployed, the checkpoint lives in SSM Parameter Store ({@code SsmCheckpointStore}).
 */
public final class PostgresCheckpointStore implements CheckpointStore {
    private final DataSource dataSource;
    private final String name;

    public PostgresCheckpointStore(DataSource dataSource, String name) {
        this.dataSource = dataSource;
        this.name = name;
    }

    @Override
    public Optional<Checkpoint> read() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT watermark, run_id, committed_at FROM checkpoints WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Checkpoint(rs.getTimestamp(1).toInstant(), rs.getString(2),
                        rs.getTimestamp(3).toInstant()));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read checkpoint " + name, e);
        }
    }

    @Override
    public void write(Checkpoint checkpoint) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     INSERT INTO checkpoints (name, watermark, run_id, committed_at) VALUES (?, ?, ?, ?)
                     ON CONFLICT (name) DO UPDATE SET watermark = EXCLUDED.watermark, run_id = EXCLUDED.run_id,
                                                      committed_at = EXCLUDED.committed_at
                     """)) {
            ps.setString(1, name);
            ps.setTimestamp(2, Timestamp.from(checkpoint.watermark()));
            ps.setString(3, checkpoint.runId());
            ps.setTimestamp(4, Timestamp.from(checkpoint.committedAt()));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not write checkpoint " + name, e);
        }
    }

    @Override
    public String location() {
        return "postgres:checkpoints/" + name;
    }
}
