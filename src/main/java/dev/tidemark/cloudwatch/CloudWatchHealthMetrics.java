package dev.tidemark.cloudwatch;

import dev.tidemark.sync.HealthMetrics;
import dev.tidemark.sync.HealthReport;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;

/**
 * Publishes the health check's figures with PutMetricData (not EMF: the health function must report even when
 * nothing else logs). The IAM policy allows PutMetricData only for this namespace.
 */
public final class CloudWatchHealthMetrics implements HealthMetrics {
    public static final String MINUTES_SINCE_LAST_SUCCESS = "MinutesSinceLastSuccess";
    public static final String WATERMARK_LAG_MINUTES = "WatermarkLagMinutes";

    private final CloudWatchClient cloudWatch;
    private final String namespace;
    private final String pipeline;

    public CloudWatchHealthMetrics(CloudWatchClient cloudWatch, String namespace, String pipeline) {
        this.cloudWatch = cloudWatch;
        this.namespace = namespace;
        this.pipeline = pipeline;
    }

    @Override
    public void publish(HealthReport report) {
        Dimension dimension = Dimension.builder().name(RunMetrics.DIMENSION).value(pipeline).build();
        cloudWatch.putMetricData(r -> r.namespace(namespace).metricData(
                datum(MINUTES_SINCE_LAST_SUCCESS, report.minutesSinceLastSuccess(), report, dimension),
                datum(WATERMARK_LAG_MINUTES, report.watermarkLagMinutes(), report, dimension)));
    }

    private static MetricDatum datum(String name, double value, HealthReport report, Dimension dimension) {
        return MetricDatum.builder().metricName(name).value(value).unit(StandardUnit.NONE)
                .timestamp(report.checkedAt()).dimensions(dimension).build();
    }
}
