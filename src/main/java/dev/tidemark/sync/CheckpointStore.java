package dev.tidemark.sync;

import dev.tidemark.core.Checkpoint;

import java.util.Optional;

/** Where the committed watermark lives. Read fresh on every run: never cached across invocations. */
public interface CheckpointStore {

    Optional<Checkpoint> read();

    void write(Checkpoint checkpoint);

    /** Where it is stored, for logs and reports, e.g. {@code ssm:/tidemark/checkpoint}. */
    String location();
}
