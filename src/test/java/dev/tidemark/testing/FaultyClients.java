package dev.tidemark.testing;

import dev.tidemark.app.RetryPolicies;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/** SDK clients on the test stack's endpoints, with production's retry strategies and a fault interceptor. */
public final class FaultyClients {
    private FaultyClients() {
    }

    public static DynamoDbClient dynamoDb(ExecutionInterceptor faults) {
        return dynamoDb(faults, RetryPolicies.dynamoDb());
    }

    public static DynamoDbClient dynamoDb(ExecutionInterceptor faults, RetryStrategy retries) {
        return DynamoDbClient.builder()
                .endpointOverride(TestStack.dynamoEndpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(retries).addExecutionInterceptor(faults))
                .build();
    }

    public static SsmClient ssm(ExecutionInterceptor faults) {
        return SsmClient.builder()
                .endpointOverride(TestStack.motoEndpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(RetryPolicies.ssm()).addExecutionInterceptor(faults))
                .build();
    }
}
