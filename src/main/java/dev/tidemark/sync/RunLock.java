package dev.tidemark.sync;

import java.util.Optional;

/** Mutual exclusion between runs. Non-blocking: a run that cannot have it is skipped, not queued. */
public interface RunLock {

    /** The lock if it was free; closing it releases it. */
    Optional<Held> tryAcquire();

    interface Held extends AutoCloseable {
        /**
         * Throws if the lock was lost while the run went on (its session was terminated): a run that no
         * longer holds the lock must not move the checkpoint, since another run may now be working.
         */
        default void verify() {
        }

        @Override
        void close();
    }
}
