package dev.tidemark.app;

import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;

/**
 * The SDK retry strategies of the two AWS clients, in one place so tests build their clients with exactly
 * what production uses.
 *
 * <p>Both are the SDK's standard strategy: exponential backoff with jitter (a longer base for throttling
 * errors than for transient ones), and every retry draws tokens from a bucket shared by all calls of the
 * client, so a throttled table or a failing endpoint is not hammered harder by the retries themselves; when
 * the bucket is empty the call fails at once instead of retrying.
 */
public final class RetryPolicies {
    /** Throttling on the source table is expected during a catch-up: be patient (8 attempts). */
    public static final int DYNAMODB_MAX_ATTEMPTS = 8;
    /** The checkpoint write: 3 attempts, then the run fails (its data stays committed, the next run re-reads). */
    public static final int SSM_MAX_ATTEMPTS = 3;

    private RetryPolicies() {
    }

    public static RetryStrategy dynamoDb() {
        return AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(DYNAMODB_MAX_ATTEMPTS).build();
    }

    public static RetryStrategy ssm() {
        return AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(SSM_MAX_ATTEMPTS).build();
    }
}
