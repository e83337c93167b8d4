package dev.tidemark.app;

import software.amazon.awssdk.core.client.builder.SdkClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.ssm.SsmClient;

import java.net.URI;

/**
 * The SDK clients {@link TidemarkBuilder} creates when none was injected: the light URL-connection HTTP client, the
 * retry strategies of {@link RetryPolicies}, and the endpoint {@code TIDEMARK_ENDPOINT_URLS} names for the service
 * if any (sam local invoke). Otherwise the SDK resolves the endpoint itself, honouring {@code AWS_ENDPOINT_URL_*},
 * FIPS and dual-stack settings.
 */
record DefaultClients(TidemarkConfig config) {

    /**
     * Throttling is retried by the SDK's standard strategy: exponential backoff with jitter, and retries
     * drawn from a shared token bucket so a throttled table is not hammered harder.
     */
    DynamoDbClient dynamoDb() {
        return endpoint(DynamoDbClient.builder(), "dynamodb")
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(RetryPolicies.dynamoDb()))
                .build();
    }

    /** The checkpoint write is retried up to 3 attempts with exponential backoff by the SDK's standard strategy. */
    SsmClient ssm() {
        return endpoint(SsmClient.builder(), "ssm")
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(RetryPolicies.ssm()))
                .build();
    }

    SecretsManagerClient secretsManager() {
        return endpoint(SecretsManagerClient.builder(), "secretsmanager")
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    CloudWatchClient cloudWatch() {
        return endpoint(CloudWatchClient.builder(), "cloudwatch")
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    SfnClient stepFunctions() {
        return endpoint(SfnClient.builder(), "sfn").httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    private <B extends SdkClientBuilder<B, ?>> B endpoint(B builder, String service) {
        URI override = config.endpointOverrides().get(service);
        return override == null ? builder : builder.endpointOverride(override);
    }
}
