package dev.tidemark.dynamodb;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

import java.net.ServerSocket;
import java.net.URI;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue 13: the read budget, on a fake clock: consumed units are paid back at the limit before the next read. */
class ReadCapacityLimiterTest {
    private long now;
    private final List<Long> sleeps = new ArrayList<>();
    private final ReadCapacityLimiter limiter = new ReadCapacityLimiter(100, () -> now, nanos -> {
        sleeps.add(nanos);
        now += nanos;
    });

    @Test
    void aRequestWaitsUntilTheDebtOfThePreviousOnesIsPaid() {
        limiter.acquire();
        assertThat(sleeps).as("a full bucket: a tenth of a second of units").isEmpty();
        limiter.consumed(10);
        limiter.acquire();
        assertThat(sleeps).as("the bucket is empty, not in debt").isEmpty();
        limiter.consumed(250);
        limiter.acquire();
        assertThat(sleeps).containsExactly(2_500_000_000L);
        assertThat(limiter.consumedTotal()).isEqualTo(260);
    }

    @Test
    void overAnyStretchTheUnitsConsumedStayWithinTheLimitPlusABurstAndOnePage() {
        long start = now;
        for (int i = 0; i < 200; i++) {
            limiter.acquire();
            limiter.consumed(37.5);
            now += 10_000_000L; // 10 ms of work between requests
        }
        double seconds = (now - start) / 1e9;
        assertThat(limiter.consumedTotal()).isLessThanOrEqualTo(100 * seconds + 10 + 37.5);
        assertThat(limiter.consumedTotal() / seconds).isGreaterThan(90);
    }

    @Test
    void idleTimeRefillsNoMoreThanATenthOfASecondOfUnits() {
        now += 60_000_000_000L;
        limiter.consumed(150);
        limiter.acquire();
        assertThat(sleeps).containsExactly(1_400_000_000L);
    }

    /** The SDK retries a request that failed; each attempt waits for the budget, not just the first. */
    @Test
    void everyRetryAttemptOfAPacedRequestAsksTheBudget() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        ReadCapacityLimiter paced = ReadCapacityLimiter.perSecond(1000);
        try (DynamoDbClient unreachable = DynamoDbClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + closedPort))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .maxAttempts(3).backoffStrategy(BackoffStrategy.retryImmediately()).build()))
                .build()) {
            assertThatThrownBy(() -> unreachable.query(QueryRequest.builder().tableName("t")
                    .keyConditionExpression("k = :k").overrideConfiguration(paced.pacing()).build()))
                    .isInstanceOf(SdkClientException.class).hasMessageContaining("SDK Attempt Count: 3");
        }
        assertThat(paced.requests()).isEqualTo(3);
    }

    @Test
    void zeroMeansUnlimited() {
        ReadCapacityLimiter off = ReadCapacityLimiter.perSecond(0);
        off.consumed(1e9);
        off.acquire();
        assertThat(off.limited()).isFalse();
    }
}
