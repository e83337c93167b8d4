package dev.tidemark.cloudwatch;

import dev.tidemark.sync.CoverageGap;
import dev.tidemark.sync.RunLog;
import dev.tidemark.sync.RunRecord;
import dev.tidemark.sync.RunStatus;
import org.slf4j.MDC;

import java.util.List;
import java.util.Optional;

/**
 * The run log as seen by operations: every run, whatever its mode, announces itself through {@link #start} and
 * ends through {@link #finish} (a skipped run only starts). That is where the run id and window go into the
 * logging MDC — so every later log line of the run carries them as JSON fields — and where the finished run's
 * metrics are written, failed runs included.
 *
 * <p>The MDC is cleared by the caller when the invocation ends (the handler), not here: the failure log line
 * comes after {@code finish}.
 */
public final class ObservedRunLog implements RunLog {
    private final RunLog delegate;
    private final RunMetrics metrics;

    public ObservedRunLog(RunLog delegate, RunMetrics metrics) {
        this.delegate = delegate;
        this.metrics = metrics;
    }

    @Override
    public boolean start(RunRecord run) {
        MDC.put("runId", run.runId());
        MDC.put("mode", run.mode());
        putOrRemove("windowFrom", run.windowFrom());
        putOrRemove("windowTo", run.windowTo());
        boolean started = delegate.start(run);
        if (started && run.status() != RunStatus.RUNNING) {
            metrics.record(run);
        }
        return started;
    }

    @Override
    public void finish(RunRecord run) {
        try {
            delegate.finish(run);
        } finally {
            metrics.record(run);
        }
    }

    @Override
    public Optional<RunRecord> find(String runId) {
        return delegate.find(runId);
    }

    @Override
    public List<RunRecord> recent(int limit) {
        return delegate.recent(limit);
    }

    @Override
    public Optional<RunRecord> lastReconcile() {
        return delegate.lastReconcile();
    }

    @Override
    public List<CoverageGap> coverageGaps() {
        return delegate.coverageGaps();
    }

    private static void putOrRemove(String key, Object value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value.toString());
        }
    }
}
