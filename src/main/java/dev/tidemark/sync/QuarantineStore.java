package dev.tidemark.sync;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The quarantine table port: what operators list, inspect and replay. */
public interface QuarantineStore {

    /** Entries by id, ascending, after {@code afterId}; open ones only unless {@code includeResolved}. */
    List<QuarantineEntry> list(long afterId, int limit, String reason, boolean includeResolved);

    Optional<QuarantineEntry> find(long id);

    long openCount();

    /** Marks entries resolved by a replay run; already-resolved entries keep their first resolution. */
    void resolve(List<Long> ids, String runId, Instant at);
}
