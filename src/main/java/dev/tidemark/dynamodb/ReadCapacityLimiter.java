package dev.tidemark.dynamodb;

import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbServiceClientConfiguration;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Paces the reads of a run to a target of read capacity units per second ({@code TIDEMARK_READ_CAPACITY_LIMIT}),
 * so a large backfill does not starve the application that owns the table. One instance is shared by every
 * reader of the process: the day shards read in parallel, the read-ahead workers, and a reconcile's Scan.
 *
 * <p>API: {@link #acquire()} before a request (blocks while the run is over its budget), {@link #consumed}
 * after it with the {@code ConsumedCapacity} DynamoDB returned. {@link #pacing()} does both for a request
 * through the SDK: it adds an interceptor to that one request, which runs around every attempt, so the SDK's
 * retries (throttling, transient errors) wait for the same budget as first attempts.
 *
 * <p>A token bucket that may go into debt: the cost of a Query or Scan page is known only from its response,
 * so a request is admitted while the balance is not negative and its units are charged afterwards; the next
 * request then waits until the refill has paid the debt. The bucket holds at most a tenth of a second of
 * units ({@link #BURST}): idle time (between runs of a warm container) buys no burst worth speaking of, so the
 * rate stays near the limit second by second, from the first second on. (Guava's {@code RateLimiter} is only on the
 * test class path, through DynamoDB Local, and charges before the cost is known; pulling a 3 MB library into
 * the Lambda jar for this small class is not worth it.)
 */
public final class ReadCapacityLimiter {

    /** The most units the bucket holds, in seconds of the limit. */
    static final double BURST = 0.1;

    /** Waits; the default sleeps the calling thread. */
    @FunctionalInterface
    public interface Sleeper {
        void sleepNanos(long nanos) throws InterruptedException;
    }

    private final double unitsPerSecond;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private double balance;
    private long refilledAt;
    private double consumedTotal;
    private long requests;

    /** @param unitsPerSecond read capacity units per second; 0 means unlimited (requests are still counted) */
    public static ReadCapacityLimiter perSecond(double unitsPerSecond) {
        return new ReadCapacityLimiter(Math.max(0, unitsPerSecond), System::nanoTime, TimeUnit.NANOSECONDS::sleep);
    }

    public static ReadCapacityLimiter unlimited() {
        return perSecond(0);
    }

    /** With an injected clock and sleeper (tests). */
    public ReadCapacityLimiter(double unitsPerSecond, LongSupplier nanoTime, Sleeper sleeper) {
        if (unitsPerSecond < 0 || Double.isNaN(unitsPerSecond)) {
            throw new IllegalArgumentException("unitsPerSecond must be zero or positive, was " + unitsPerSecond);
        }
        this.unitsPerSecond = unitsPerSecond;
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
        this.refilledAt = nanoTime.getAsLong();
        this.balance = unitsPerSecond * BURST;
    }

    public boolean limited() {
        return unitsPerSecond > 0;
    }

    public double unitsPerSecond() {
        return unitsPerSecond;
    }

    /** Blocks until the budget is not in debt. Call before each request (or attempt). */
    public void acquire() {
        synchronized (this) {
            requests++;
        }
        if (!limited()) {
            return;
        }
        while (true) {
            long wait;
            synchronized (this) {
                refill();
                if (balance >= 0) {
                    return;
                }
                wait = (long) Math.ceil(-balance / unitsPerSecond * 1e9);
            }
            try {
                sleeper.sleepNanos(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while pacing reads", e);
            }
        }
    }

    /** Charges what a request consumed (its {@code ConsumedCapacity.CapacityUnits}). */
    public synchronized void consumed(double units) {
        consumedTotal += units;
        if (limited()) {
            refill();
            balance -= units;
        }
    }

    /** Every request (or retry attempt) that asked, limited or not. */
    public synchronized long requests() {
        return requests;
    }

    /** Every unit charged so far, limited or not. */
    public synchronized double consumedTotal() {
        return consumedTotal;
    }

    private void refill() {
        long now = nanoTime.getAsLong();
        balance = Math.min(unitsPerSecond * BURST, balance + (now - refilledAt) / 1e9 * unitsPerSecond);
        refilledAt = now;
    }

    /**
     * The request override that paces one Query, Scan or BatchGetItem (which must ask for {@code ReturnConsumedCapacity}):
     * {@link #acquire()} before every attempt, {@link #consumed} with the capacity of every response.
     */
    public AwsRequestOverrideConfiguration pacing() {
        ExecutionInterceptor perAttempt = new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                acquire();
            }

            @Override
            public void afterUnmarshalling(Context.AfterUnmarshalling context, ExecutionAttributes attributes) {
                consumed(units(context.response()));
            }
        };
        return AwsRequestOverrideConfiguration.builder()
                .addPlugin(config -> ((DynamoDbServiceClientConfiguration.Builder) config)
                        .overrideConfiguration(o -> o.addExecutionInterceptor(perAttempt)))
                .build();
    }

    /** What a response says it consumed; 0 where it says nothing. */
    private static double units(SdkResponse response) {
        return switch (response) {
            case QueryResponse q -> units(q.consumedCapacity());
            case ScanResponse s -> units(s.consumedCapacity());
            // A BatchGetItem reports one entry per table (the reconcile's fetch asks one table).
            case BatchGetItemResponse b -> b.consumedCapacity().stream().mapToDouble(ReadCapacityLimiter::units).sum();
            default -> 0;
        };
    }

    private static double units(ConsumedCapacity capacity) {
        return capacity == null || capacity.capacityUnits() == null ? 0 : capacity.capacityUnits();
    }
}
