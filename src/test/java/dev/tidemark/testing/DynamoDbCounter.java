package dev.tidemark.testing;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * Counts what a DynamoDB client asks for, as an SDK interceptor: requests per operation, items returned and
 * items examined by Query and Scan, and the read capacity DynamoDB reports as consumed.
 */
public final class DynamoDbCounter implements ExecutionInterceptor {
    private final Map<String, AtomicLong> requests = new ConcurrentHashMap<>();
    private final AtomicLong itemsReturned = new AtomicLong();
    private final AtomicLong itemsScanned = new AtomicLong();
    private final DoubleAdder capacityUnits = new DoubleAdder();

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        requests.computeIfAbsent(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), k -> new AtomicLong())
                .incrementAndGet();
        switch (context.response()) {
            case QueryResponse q -> count(q.count(), q.scannedCount(), q.consumedCapacity());
            case ScanResponse s -> count(s.count(), s.scannedCount(), s.consumedCapacity());
            default -> {
            }
        }
    }

    private void count(Integer returned, Integer scanned, ConsumedCapacity capacity) {
        itemsReturned.addAndGet(returned == null ? 0 : returned);
        itemsScanned.addAndGet(scanned == null ? 0 : scanned);
        if (capacity != null && capacity.capacityUnits() != null) {
            capacityUnits.add(capacity.capacityUnits());
        }
    }

    /** Requests per operation name ("Query", "Scan", "BatchWriteItem", …), sorted by name. */
    public Map<String, Long> requests() {
        Map<String, Long> out = new TreeMap<>();
        requests.forEach((op, n) -> out.put(op, n.get()));
        return out;
    }

    public long requests(String operation) {
        AtomicLong n = requests.get(operation);
        return n == null ? 0 : n.get();
    }

    public long itemsReturned() {
        return itemsReturned.get();
    }

    public long itemsScanned() {
        return itemsScanned.get();
    }

    public double capacityUnits() {
        return capacityUnits.sum();
    }

    public void reset() {
        requests.clear();
        itemsReturned.set(0);
        itemsScanned.set(0);
        capacityUnits.reset();
    }
}
