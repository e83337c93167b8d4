package dev.tidemark.sync;

import java.util.Optional;

/** Mutual exclusion between runs. Non-blocking: a run that cannot have it is skipped, not queued. */
public interface RunLock {

    /** The lock if it was free; closing it releases it. */
    Optional<Held> tryAcquire();

    interface Held extends AutoCloseable {
        @Override
        void close();
    }
}
