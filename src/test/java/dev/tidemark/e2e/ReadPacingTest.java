package dev.tidemark.e2e;

import dev.tidemark.app.Tidemark;
import dev.tidemark.app.TidemarkConfig;
import dev.tidemark.core.Checkpoint;
import dev.tidemark.local.MutableClock;
import dev.tidemark.sync.RunRecord;
import dev.tidemark.sync.RunStatus;
import dev.tidemark.sync.TimeBudget;
import dev.tidemark.testing.SourceItems;
import dev.tidemark.testing.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13: {@code TIDEMARK_READ_CAPACITY_LIMIT} paces a run's reads by the {@code ConsumedCapacity} DynamoDB
 * (Local) returns. An observer on the client records every Query response's capacity and time: the run consumes
 * what the data costs, no faster than the limit allows (plus the one-second burst and the pages in flight).
 * Both bounds are one-sided: a slow machine only makes the run slower, never fails them.
 */
class ReadPacingTest {
    private static final Instant T0 = Instant.parse("2026-11-22T12:00:00Z");
    private static final double LIMIT = 100;
    private static TestStack stack;

    @BeforeAll
    static void start() {
        stack = TestStack.forClass(ReadPacingTest.class);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    record Response(long nanos, double units) {
    }

    @Test
    void consumedCapacityStaysUnderTheLimit() {
        SourceItems source = new SourceItems(stack, 7);
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        String padding = "x".repeat(3000);
        for (int i = 0; i < 800; i++) {
            Map<String, AttributeValue> item = new java.util.HashMap<>(
                    source.item("post-" + i, T0.minus(Duration.ofMinutes(50)).plusMillis(3000L * i), false));
            item.put("blob", AttributeValue.fromS(padding));
            items.add(item);
        }
        source.putAll(items);
        List<Response> responses = new CopyOnWriteArrayList<>();
        ExecutionInterceptor observer = new ExecutionInterceptor() {
            @Override
            public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
                if (context.response() instanceof QueryResponse q && q.consumedCapacity() != null) {
                    responses.add(new Response(System.nanoTime(), q.consumedCapacity().capacityUnits()));
                }
            }
        };
        try (DynamoDbClient observed = DynamoDbClient.builder().endpointOverride(TestStack.dynamoEndpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(o -> o.addExecutionInterceptor(observer)).build();
             Tidemark app = stack.application(Map.of(TidemarkConfig.ENV_PAGE_SIZE, "50",
                             TidemarkConfig.ENV_READ_CAPACITY_LIMIT, Long.toString((long) LIMIT)))
                     .dynamoDb(observed).clock(new MutableClock(T0)).build()) {
            app.checkpoints().write(new Checkpoint(T0.minus(Duration.ofHours(1)), "before", T0));
            long start = System.nanoTime();
            RunRecord run = app.sync().runScheduled("test", null, TimeBudget.UNLIMITED);
            assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(run.counts().fetched()).isEqualTo(800);

            double total = responses.stream().mapToDouble(Response::units).sum();
            double maxPage = responses.stream().mapToDouble(Response::units).max().orElse(0);
            assertThat(total).as("DynamoDB Local reports consumed capacity").isGreaterThan(3 * LIMIT);
            assertThat(app.readLimit().consumedTotal()).as("the limiter was charged what DynamoDB reported")
                    .isEqualTo(total, org.assertj.core.data.Offset.offset(0.001));
            // Pages in flight at once: the read-ahead workers (the day being read and two ahead).
            double burst = LIMIT + 3 * maxPage;
            double seconds = (responses.getLast().nanos() - start) / 1e9;
            assertThat(seconds).as("%.0f units at %.0f/s take at least this long", total, LIMIT)
                    .isGreaterThanOrEqualTo((total - burst) / LIMIT);
            for (Response r : responses) {
                double inOneSecond = responses.stream()
                        .filter(o -> o.nanos() >= r.nanos() && o.nanos() < r.nanos() + 1_000_000_000L)
                        .mapToDouble(Response::units).sum();
                assertThat(inOneSecond).as("units in the second from %d", r.nanos()).isLessThanOrEqualTo(LIMIT + burst);
            }
            source.assertEqualToSource(stack.dataSource);
        }
    }
}
