package dev.tidemark.cloudwatch;

import dev.tidemark.app.Tidemark;
import dev.tidemark.app.TidemarkConfig;
import dev.tidemark.core.Checkpoint;
import dev.tidemark.lambda.SyncHandler;
import dev.tidemark.ssm.SsmCheckpointStore;
import dev.tidemark.testing.AwsTestClients;
import dev.tidemark.testing.Events;
import dev.tidemark.testing.TestClocks;
import dev.tidemark.testing.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Datapoint;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 5: the {"mode":"health"} invocation publishes the right MinutesSinceLastSuccess to CloudWatch (moto). */
class HealthCheckTest {
    // CloudWatch refuses data points over two weeks old or two hours ahead (moto does not check): stay near today.
    private static final Instant T0 = TestClocks.recentNoon(Duration.ofHours(3));
    private static TestStack stack;
    private static CloudWatchClient cloudWatch;

    @BeforeAll
    static void start() {
        stack = TestStack.forClass(HealthCheckTest.class);
        cloudWatch = AwsTestClients.cloudWatch(TestStack.motoEndpoint());
    }

    @AfterAll
    static void stop() {
        cloudWatch.close();
        stack.close();
    }

    @Test
    void publishesMinutesSinceTheLastCommittedCheckpoint() {
        String pipeline = "health-" + stack.name;
        new SsmCheckpointStore(stack.ssm, stack.checkpointParameter).write(new Checkpoint(
                T0.minus(Duration.ofMinutes(100)), "run-before", T0.minus(Duration.ofMinutes(95)).minusSeconds(30)));

        Map<String, Object> response = handler(pipeline, stack.checkpointParameter)
                .handleRequest(Events.load("health.json"), null);

        assertThat(response).containsEntry("mode", "health").containsEntry("status", "ok")
                .containsEntry("minutesSinceLastSuccess", 95.5).containsEntry("lastRunId", "run-before");
        assertThat(datapoints(pipeline, CloudWatchHealthMetrics.MINUTES_SINCE_LAST_SUCCESS))
                .singleElement().satisfies(d -> {
                    assertThat(d.maximum()).isEqualTo(95.5);
                    assertThat(d.timestamp()).isEqualTo(T0);
                });
        assertThat(datapoints(pipeline, CloudWatchHealthMetrics.WATERMARK_LAG_MINUTES))
                .singleElement().extracting(Datapoint::maximum).isEqualTo(100.0);
    }

    @Test
    void publishesNothingBeforeTheFirstCheckpointSoTheAlarmSeesMissingData() {
        String pipeline = "health-empty-" + stack.name;

        Map<String, Object> response = handler(pipeline, stack.checkpointParameter + "-never-written")
                .handleRequest(Events.load("health.json"), null);

        assertThat(response).containsEntry("status", "no-checkpoint").containsEntry("minutesSinceLastSuccess", null);
        assertThat(cloudWatch.listMetrics(r -> r.namespace("Tidemark")).metrics())
                .noneMatch(m -> m.dimensions().contains(pipelineDimension(pipeline)));
    }

    private SyncHandler handler(String pipeline, String parameter) {
        TidemarkConfig config = stack.config(Map.of(TidemarkConfig.ENV_PIPELINE_NAME, pipeline,
                TidemarkConfig.ENV_CHECKPOINT_PARAMETER, parameter));
        return new SyncHandler(() -> {
            throw new AssertionError("the health check must not build the sync application");
        }, () -> Tidemark.builder(config).ssm(stack.ssm).cloudWatch(cloudWatch)
                .clock(Clock.fixed(T0, ZoneOffset.UTC)).buildHealthCheck());
    }

    private static List<Datapoint> datapoints(String pipeline, String metric) {
        return cloudWatch.getMetricStatistics(r -> r.namespace("Tidemark").metricName(metric)
                .dimensions(pipelineDimension(pipeline))
                .startTime(T0.minus(Duration.ofMinutes(10))).endTime(T0.plus(Duration.ofMinutes(10)))
                .period(60).statistics(Statistic.MAXIMUM)).datapoints();
    }

    private static Dimension pipelineDimension(String pipeline) {
        return Dimension.builder().name("Pipeline").value(pipeline).build();
    }
}
