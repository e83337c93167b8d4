package dev.tidemark.lambda;

import dev.tidemark.app.Tidemark;
import dev.tidemark.app.TidemarkConfig;
import dev.tidemark.core.SourceItem;
import dev.tidemark.core.mapping.RecordMapper;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Moves class loading and first-use work out of the first invocation: builds the application (SDK clients,
 * pool, schema check) and walks the request path once without side effects — parse an item, read the
 * checkpoint (the SDK's signing, retry and HTTP path), open a database connection.
 * Call it from the init phase of a function without SnapStart. It reads the secret and opens a connection, so it
 * must not run before a snapshot: {@link SnapStartPriming} is the snapshot-safe part.
 * Writes nothing: no run record, no checkpoint, no content.
 */
public final class Priming {
    private Priming() {
    }

    /**
     * The parse step production runs (the config's mapping) on an item with the usual shapes (exact numbers,
     * JSON-in-a-string, tags).
     */
    static void parseSample(TidemarkConfig config) {
        new RecordMapper(config.mapping()).map(new SourceItem(Map.of(
                config.table().keyAttribute(), "priming",
                config.table().sortAttribute(), Instant.now().toString(),
                "viewCount", BigDecimal.ONE,
                "metadata", "{\"lang\":\"en\"}",
                "tags", List.of("#priming"))));
    }

    public static void prime(Tidemark app) {
        parseSample(app.config());
        TriggerEvent.parse(Map.of("id", "priming", "detail-type", "Scheduled Event"));
        app.checkpoints().read();
        try (Connection c = app.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("SELECT 1");
        } catch (SQLException e) {
            throw new IllegalStateException("priming could not reach PostgreSQL", e);
        }
    }
}
