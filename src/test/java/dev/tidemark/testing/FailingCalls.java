package dev.tidemark.testing;

import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.ssm.model.SsmException;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fault injection inside a real SDK client: the next N attempts of an operation fail just before they would
 * be sent, inside the SDK's retry loop, so the client's retry strategy sees them exactly as it would see a
 * throttled or failing service.
 */
public final class FailingCalls implements ExecutionInterceptor {
    private final Map<String, AtomicInteger> pending = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private final AtomicInteger injected = new AtomicInteger();

    /**
     * The next {@code n} attempts of {@code operation} fail: on DynamoDB with throttling
     * ({@code ProvisionedThroughputExceededException}), on SSM with a 500 server error.
     */
    public void failNext(String operation, int n) {
        pending.computeIfAbsent(operation, k -> new AtomicInteger()).addAndGet(n);
    }

    public int injected() {
        return injected.get();
    }

    public int attempts(String operation) {
        AtomicInteger n = attempts.get(operation);
        return n == null ? 0 : n.get();
    }

    public void clear() {
        pending.clear();
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
        attempts.computeIfAbsent(operation, k -> new AtomicInteger()).incrementAndGet();
        AtomicInteger left = pending.get(operation);
        if (left == null || left.getAndUpdate(v -> Math.max(0, v - 1)) <= 0) {
            return;
        }
        injected.incrementAndGet();
        if ("DynamoDB".equalsIgnoreCase(service) || "DynamoDb".equalsIgnoreCase(service)) {
            throw ProvisionedThroughputExceededException.builder().message("injected throttling").statusCode(400)
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode("ProvisionedThroughputExceededException")
                            .errorMessage("injected throttling").serviceName(service).build())
                    .build();
        }
        throw SsmException.builder().message("injected server error").statusCode(500)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("InternalServerError")
                        .errorMessage("injected server error").serviceName(service).build())
                .build();
    }
}
