package dev.tidemark.postgres;

import dev.tidemark.core.model.Rejection;
import dev.tidemark.core.mapping.MappedOutcome;
import dev.tidemark.sync.MappedSink;
import dev.tidemark.sync.PageResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Wraps a mapping's sink (in production {@link PostgresMappedSink}) and retries one page, its write or its dry-run
 * preview, when PostgreSQL failed it for a reason that is not the page's fault: a lost connection (SQLSTATE class
 * {@code 08}, or {@code 57P01..03} when the server terminates the session), a serialization failure
 * ({@code 40001}) or a deadlock ({@code 40P01}). Anything else (a constraint, bad data, a bug) fails at once:
 * retrying it would only repeat it.
 *
 * <p>Safe because a page is one transaction: a failed attempt left nothing behind, and if the commit itself
 * went through but its acknowledgement was lost, the retry replays an idempotent upsert (its rows then count
 * as unchanged). Bounded: at most {@code maxAttempts} tries per page, waiting {@code baseDelay · 2^(n-1)}
 * (capped at {@code maxDelay}, equal jitter) in between, so a database that stays down fails the run within
 * seconds and the run records {@code failed}.
 */
public final class RetryingPageSink implements MappedSink {
    private static final Logger log = LoggerFactory.getLogger(RetryingPageSink.class);
    private static final Set<String> TRANSIENT_STATES = Set.of("40001", "40P01", "57P01", "57P02", "57P03");

    /** How often and how patiently to retry a page. */
    public record Policy(int maxAttempts, Duration baseDelay, Duration maxDelay) {
        public Policy {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
            }
        }

        Duration delayBefore(int nextAttempt) {
            long exponential = baseDelay.toMillis() << Math.min(20, nextAttempt - 2);
            long capped = Math.min(maxDelay.toMillis(), exponential);
            return Duration.ofMillis(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
        }
    }

    private final MappedSink delegate;
    private final Policy policy;

    public RetryingPageSink(MappedSink delegate, Policy policy) {
        this.delegate = delegate;
        this.policy = policy;
    }

    @Override
    public PageResult write(String runId, List<MappedOutcome.Mapped> rows, List<Rejection> rejections) {
        return withRetries(runId, () -> delegate.write(runId, rows, rejections));
    }

    @Override
    public PageResult preview(List<MappedOutcome.Mapped> rows, List<Rejection> rejections) {
        return withRetries("dry run", () -> delegate.preview(rows, rejections));
    }

    /** One page, tried until it succeeds, fails for a reason that is not transient, or runs out of attempts. */
    private PageResult withRetries(String runId, Supplier<PageResult> page) {
        for (int attempt = 1; ; attempt++) {
            try {
                return page.get();
            } catch (RuntimeException e) {
                retryOrThrow(e, attempt, runId);
            }
        }
    }

    private void retryOrThrow(RuntimeException e, int attempt, String runId) {
        String state = transientState(e);
        if (state == null || attempt >= policy.maxAttempts()) {
            throw e;
        }
        Duration delay = policy.delayBefore(attempt + 1);
        log.warn("run {}: page failed with transient SQLSTATE {} (attempt {}/{}); retrying in {} ms: {}", runId,
                state, attempt, policy.maxAttempts(), delay.toMillis(), e.getMessage());
        try {
            Thread.sleep(delay);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            e.addSuppressed(interrupted);
            throw e;
        }
    }

    /** The SQLSTATE that makes {@code failure} worth retrying, or null if it is not transient. */
    static String transientState(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                if (state != null && (state.startsWith("08") || TRANSIENT_STATES.contains(state))) {
                    return state;
                }
                if (sql instanceof SQLTransientException || sql instanceof SQLRecoverableException) {
                    return state == null ? sql.getClass().getSimpleName() : state;
                }
                for (SQLException next = sql.getNextException(); next != null; next = next.getNextException()) {
                    String s = next.getSQLState();
                    if (s != null && (s.startsWith("08") || TRANSIENT_STATES.contains(s))) {
                        return s;
                    }
                }
            }
        }
        return null;
    }
}
