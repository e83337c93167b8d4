package dev.tidemark.core.mapping;

/**
 * What a {@link Normalizer} made of one source value: a value for the column, NULL (with a note when the
 * source said something that could not be read: the original is then kept among the item's notes), or a
 * refusal, which sends the whole item to quarantine with the reason.
 */
public sealed interface Normalized {

    /** Nothing said: absent, DynamoDB {@code NULL}, a blank string. */
    Null ABSENT = new Null(null);

    static Normalized of(Object value) {
        return value == null ? ABSENT : new Value(value);
    }

    static Null invalid(String note) {
        return new Null(note);
    }

    /**
     * A value of the column's Java form: {@code String} (text; jsonb as JSON text), {@code BigDecimal}
     * (numeric), {@code Long} (bigint), {@code Boolean}, {@code Instant} (timestamptz, UTC), {@code byte[]}
     * (bytea), or an unmodifiable {@code List} of the element form (arrays).
     */
    record Value(Object value) implements Normalized {
        public Value {
            java.util.Objects.requireNonNull(value, "value");
        }
    }

    /** SQL NULL; {@code note} says why the source value was unreadable, or is null when there was none. */
    record Null(String note) implements Normalized {
        public boolean noted() {
            return note != null;
        }
    }

    /** The column cannot take the value and NULL would be a lie (a bigint overflow): quarantine the item. */
    record Refused(String reason) implements Normalized {
    }
}
