package dev.tidemark.dynamodb;

/**
 * Where the reconcile's reads report the read capacity each page consumed (DynamoDB's
 * {@code ReturnConsumedCapacity=TOTAL}). The one seam through which a read-capacity limiter can pace the
 * Scan and the fetches: it may block, and the segment thread that reported waits with it.
 */
@FunctionalInterface
public interface ConsumedCapacity {
    /** Reports nothing to anyone: no limit is configured. */
    ConsumedCapacity IGNORED = units -> { };

    void consumed(double capacityUnits);

    /** The units a response reports, or none when the table did not say (DynamoDB Local, on-demand quirks). */
    static double units(software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity reported) {
        return reported == null || reported.capacityUnits() == null ? 0 : reported.capacityUnits();
    }
}
