package dev.tidemark.dynamodb;

import dev.tidemark.core.DayShard;
import dev.tidemark.core.mapping.TimeFormat;
import dev.tidemark.sync.SourcePage;
import dev.tidemark.sync.SourceReader;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * Reads one day partition of the date-partitioned GSI with a key condition on the sort key, so DynamoDB
 * reads (and bills) only the items in the window, never the whole partition and never the table.
 *
 * <p>The window is half-open, {@code [from, to)}, but a key condition allows one range operator only, and
 * {@code BETWEEN} is inclusive on both ends. The sort key is ISO-8601 UTC with exactly three fraction
 * digits, so the greatest whole millisecond strictly below {@code to} ({@link #lastBelow}) is the upper bound
 * and {@code BETWEEN from AND lastBelow(to)} is exactly {@code [from, to)}, compared lexicographically as
 * DynamoDB does. (A clock can hand out sub-millisecond instants: {@code to - 1 ms} formatted to three digits
 * would then drop the items stamped in {@code to}'s own millisecond, below {@code to} but above the bound.)
 *
 * <p>An epoch sort key ({@link SourceTable#sortFormat()} seconds or milliseconds, type N) is compared as a
 * number: {@code BETWEEN} the first whole unit at or above {@code from} and the last whole unit strictly below
 * {@code to}, again exactly {@code [from, to)}.
 *
 * <p>With sharded day keys ({@link SourceTable#partitionShards()} {@code > 1}) each shard is queried on its own
 * ({@code 2026-11-30#0}, {@code 2026-11-30#1}, …). Every request is paced by the shared
 * {@link ReadCapacityLimiter}, retries included.
 */
public final class DynamoDbSourceReader implements SourceReader {
    public static final DateTimeFormatter SORT_KEY_FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final DynamoDbClient dynamoDb;
    private final SourceTable table;
    private final int pageSize;
    private final ReadCapacityLimiter limiter;

    public DynamoDbSourceReader(DynamoDbClient dynamoDb, SourceTable table, int pageSize, ReadCapacityLimiter limiter) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.pageSize = pageSize;
        this.limiter = limiter;
    }

    @Override
    public int shards() {
        return table.partitionShards();
    }

    /** The greatest millisecond-precision instant strictly below {@code to}. */
    static Instant lastBelow(Instant to) {
        return to.minusNanos(1).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    /** The key condition's lower bound: the first sort key value at or above {@code from}. */
    static AttributeValue lowerBound(TimeFormat format, Instant from) {
        return switch (format) {
            case ISO_8601 -> AttributeValue.fromS(SORT_KEY_FORMAT.format(from));
            case EPOCH_SECONDS -> AttributeValue.fromN(Long.toString(ceilDiv(from, 1_000_000_000L)));
            case EPOCH_MILLIS -> AttributeValue.fromN(Long.toString(ceilDiv(from, 1_000_000L)));
        };
    }

    /** The key condition's upper bound: the last sort key value strictly below {@code to}. */
    static AttributeValue upperBound(TimeFormat format, Instant to) {
        return switch (format) {
            case ISO_8601 -> AttributeValue.fromS(SORT_KEY_FORMAT.format(lastBelow(to)));
            case EPOCH_SECONDS -> AttributeValue.fromN(Long.toString(ceilDiv(to, 1_000_000_000L) - 1));
            case EPOCH_MILLIS -> AttributeValue.fromN(Long.toString(ceilDiv(to, 1_000_000L) - 1));
        };
    }

    /** {@code ceil(at / unit)}, {@code unit} in nanoseconds. */
    private static long ceilDiv(Instant at, long unitNanos) {
        java.math.BigInteger nanos = java.math.BigInteger.valueOf(at.getEpochSecond())
                .multiply(java.math.BigInteger.valueOf(1_000_000_000L)).add(java.math.BigInteger.valueOf(at.getNano()));
        java.math.BigInteger[] qr = nanos.divideAndRemainder(java.math.BigInteger.valueOf(unitNanos));
        return qr[1].signum() > 0 ? qr[0].longValueExact() + 1 : qr[0].longValueExact();
    }

    /** A sort key value as the instant it stands for, or empty when it is not one in the table's format. */
    private Optional<Instant> instantOf(AttributeValue key) {
        if (key == null) {
            return Optional.empty();
        }
        try {
            return switch (table.sortFormat()) {
                case ISO_8601 -> {
                    if (key.s() == null) {
                        yield Optional.empty();
                    }
                    Instant at = Instant.parse(key.s());
                    yield SORT_KEY_FORMAT.format(at).equals(key.s()) ? Optional.of(at) : Optional.empty();
                }
                case EPOCH_SECONDS -> key.n() == null ? Optional.empty()
                        : Optional.of(Instant.ofEpochSecond(new java.math.BigDecimal(key.n()).longValueExact()));
                case EPOCH_MILLIS -> key.n() == null ? Optional.empty()
                        : Optional.of(Instant.ofEpochMilli(new java.math.BigDecimal(key.n()).longValueExact()));
            };
        } catch (DateTimeException | ArithmeticException | NumberFormatException malformed) {
            return Optional.empty();
        }
    }

    @Override
    public Iterator<SourcePage> read(DayShard cell, Instant from, Instant to) {
        if (!from.isBefore(to)) {
            return java.util.Collections.emptyIterator();
        }
        QueryRequest first = QueryRequest.builder()
                .tableName(table.tableName())
                .indexName(table.indexName())
                .keyConditionExpression("#p = :day AND #s BETWEEN :from AND :last")
                .expressionAttributeNames(Map.of("#p", table.partitionAttribute(), "#s", table.sortAttribute()))
                .expressionAttributeValues(Map.of(
                        ":day", AttributeValue.fromS(cell.partitionKey()),
                        ":from", lowerBound(table.sortFormat(), from),
                        ":last", upperBound(table.sortFormat(), to)))
                .limit(pageSize)
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                .overrideConfiguration(limiter.pacing())
                .build();
        return new Iterator<>() {
            private QueryRequest next = first;
            private int pageNumber;

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public SourcePage next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                QueryResponse response = dynamoDb.query(next);
                next = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                        ? first.toBuilder().exclusiveStartKey(response.lastEvaluatedKey()).build()
                        : null;
                return new SourcePage(cell, ++pageNumber,
                        response.items().stream().map(AttributeValues::toSourceItem).toList(),
                        lastKey(response.items()));
            }
        };
    }

    /**
     * The last sort key of a page that is a well-formed instant. A key the writer malformed still sorts
     * somewhere (the index compares strings); the last well-formed one below it is a safe, lower position.
     */
    private Optional<Instant> lastKey(List<Map<String, AttributeValue>> items) {
        for (int i = items.size() - 1; i >= 0; i--) {
            Optional<Instant> at = instantOf(items.get(i).get(table.sortAttribute()));
            if (at.isPresent()) {
                return at;
            }
        }
        return Optional.empty();
    }
}
