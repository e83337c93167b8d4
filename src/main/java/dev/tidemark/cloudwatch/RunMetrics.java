package dev.tidemark.cloudwatch;

import dev.tidemark.sync.ReconcileCounts;
import dev.tidemark.sync.RunCounts;
import dev.tidemark.sync.RunRecord;
import dev.tidemark.sync.RunStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.cloudwatchlogs.emf.environment.Environment;
import software.amazon.cloudwatchlogs.emf.exception.InvalidTimestampException;
import software.amazon.cloudwatchlogs.emf.logger.MetricsLogger;
import software.amazon.cloudwatchlogs.emf.model.DimensionSet;
import software.amazon.cloudwatchlogs.emf.model.MetricsContext;
import software.amazon.cloudwatchlogs.emf.model.Unit;
import software.amazon.cloudwatchlogs.emf.sinks.ConsoleSink;
import software.amazon.cloudwatchlogs.emf.sinks.ISink;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One CloudWatch Embedded Metric Format record per finished run, written by the aws-embedded-metrics library.
 * In Lambda the record is a stdout line that CloudWatch Logs turns into metrics, so publishing costs no API call
 * and needs no cloudwatch permission. Namespace and the single dimension {@code Pipeline} match the alarms and
 * the dashboard in template.yaml. The metric names are listed in docs/operations.md "Alarms and on-call".
 */
public final class RunMetrics {
    public static final String DIMENSION = "Pipeline";
    /** The property that keeps a run's finish time when EMF refused it as the record's timestamp. */
    public static final String RUN_FINISHED_AT = "runFinishedAt";
    private static final Logger log = LoggerFactory.getLogger(RunMetrics.class);

    private final Environment environment;
    private final String namespace;
    private final String pipeline;
    /** The first run this container reports pays the JVM/SnapStart-restore start-up: that is the cold start. */
    private final AtomicBoolean coldStart = new AtomicBoolean(true);

    private RunMetrics(ISink sink, String namespace, String pipeline) {
        this.environment = sink == null ? null : new SinkEnvironment(sink);
        this.namespace = namespace;
        this.pipeline = pipeline;
    }

    /** EMF lines on stdout, as Lambda expects them. */
    public static RunMetrics toStdout(String namespace, String pipeline) {
        return new RunMetrics(new ConsoleSink(), namespace, pipeline);
    }

    /** EMF records into the given sink (tests capture them this way). */
    public static RunMetrics to(ISink sink, String namespace, String pipeline) {
        return new RunMetrics(sink, namespace, pipeline);
    }

    /** No metrics (the embedded demo and the CLI, where EMF lines would only clutter the terminal). */
    public static RunMetrics off() {
        return new RunMetrics(null, null, null);
    }

    /** Writes the run's record; a metrics failure is logged, never allowed to fail the run. */
    public void record(RunRecord run) {
        if (environment == null || run.status() == RunStatus.RUNNING) {
            return;
        }
        try {
            MetricsLogger m = new MetricsLogger(environment);
            m.setNamespace(namespace);
            m.setDimensions(DimensionSet.of(DIMENSION, pipeline));
            stampWithRunTime(m, run);
            RunCounts c = run.counts();
            m.putMetric("RecordsFetched", c.fetched(), Unit.COUNT);
            m.putMetric("RecordsUpserted", c.upserted(), Unit.COUNT);
            m.putMetric("RecordsUnchanged", c.unchanged(), Unit.COUNT);
            m.putMetric("RecordsQuarantined", c.quarantined(), Unit.COUNT);
            m.putMetric("RecordsDeleted", c.deleted(), Unit.COUNT);
            m.putMetric("Pages", c.pages(), Unit.COUNT);
            m.putMetric("PartialRuns", run.status() == RunStatus.PARTIAL ? 1 : 0, Unit.COUNT);
            m.putMetric("FailedRuns", run.status() == RunStatus.FAILED ? 1 : 0, Unit.COUNT);
            m.putMetric("SkippedRuns", run.status() == RunStatus.SKIPPED ? 1 : 0, Unit.COUNT);
            m.putMetric("ColdStart", coldStart.getAndSet(false) ? 1 : 0, Unit.COUNT);
            if (run.startedAt() != null && run.finishedAt() != null) {
                m.putMetric("RunDuration", Duration.between(run.startedAt(), run.finishedAt()).toMillis(),
                        Unit.MILLISECONDS);
            }
            if (run.mode().equals("scheduled")) {
                m.putMetric("LateRecords", run.lateness().records(), Unit.COUNT);
                m.putMetric("MaxLatenessSeconds", run.lateness().max().toMillis() / 1000.0, Unit.SECONDS);
            }
            ReconcileCounts found = run.reconcile();
            if (found != null) {
                m.putMetric("ReconcileMissing", found.missing(), Unit.COUNT);
                m.putMetric("ReconcileStale", found.stale(), Unit.COUNT);
                m.putMetric("ReconcileDeleted", found.deleted(), Unit.COUNT);
                m.putMetric("ReconcileRepaired", found.repaired(), Unit.COUNT);
            }
            Instant watermark = run.checkpointAfter() != null ? run.checkpointAfter() : run.checkpointBefore();
            if (watermark != null && run.finishedAt() != null) {
                m.putMetric("WatermarkLagSeconds", Duration.between(watermark, run.finishedAt()).toMillis() / 1000.0,
                        Unit.SECONDS);
            }
            m.putProperty("runId", run.runId());
            m.putProperty("mode", run.mode());
            m.putProperty("trigger", run.trigger());
            m.putProperty("status", run.status().dbValue());
            // The library refuses null properties (and would drop the whole record): a reconcile has no window.
            if (run.windowFrom() != null && run.windowTo() != null) {
                m.putProperty("windowFrom", run.windowFrom().toString());
                m.putProperty("windowTo", run.windowTo().toString());
            }
            m.flush();
        } catch (RuntimeException e) {
            log.warn("could not write the metrics of run {}", run.runId(), e);
        }
    }

    /**
     * Stamps the record with the run's finish time. EMF refuses a timestamp more than 14 days old or 2 hours ahead
     * of the wall clock, and a refused timestamp would cost the run its whole record; such a record keeps the time
     * the library gave it at creation (now) and carries the run's own time as the property {@code runFinishedAt}.
     * In production only a badly wrong clock gets here, which is worth one WARN line.
     */
    private static void stampWithRunTime(MetricsLogger m, RunRecord run) {
        if (run.finishedAt() == null) {
            return;
        }
        try {
            m.setTimestamp(run.finishedAt());
        } catch (InvalidTimestampException refused) {
            m.putProperty(RUN_FINISHED_AT, run.finishedAt().toString());
            log.warn("run {} finished at {}, outside the times EMF accepts ({}): its metrics record carries the "
                    + "current time and the run's own in property {}", run.runId(), run.finishedAt(),
                    refused.getMessage(), RUN_FINISHED_AT);
        }
    }

    /** Sends records to one sink, with no environment probing (the library's probe would call EC2 metadata). */
    private record SinkEnvironment(ISink sink) implements Environment {
        @Override
        public boolean probe() {
            return true;
        }

        @Override
        public String getName() {
            return "tidemark";
        }

        @Override
        public String getType() {
            return "AWS::Lambda::Function";
        }

        @Override
        public String getLogGroupName() {
            return System.getenv().getOrDefault("AWS_LAMBDA_LOG_GROUP_NAME", "tidemark");
        }

        @Override
        public void configureContext(MetricsContext context) {
            // nothing to add: the namespace, dimension and properties are set per record
        }

        @Override
        public ISink getSink() {
            return sink;
        }
    }
}
