package dev.tidemark.core.mapping;

import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;

/**
 * The named normalizers a column can use, each making one PostgreSQL type out of the plain values of a
 * {@link dev.tidemark.core.SourceItem} ({@code String}, {@code BigDecimal}, {@code Boolean}, {@code byte[]},
 * {@code List}, {@code Set}, {@code Map}; DynamoDB {@code NULL} is {@code null}). Pure functions, never throwing.
 */
public enum Normalizer {
    /** Any scalar as sanitized text (BOM, NUL, control characters, lone surrogates removed; NFC; blank → NULL). */
    TEXT("text", SqlType.TEXT, Normalizers::text),
    /** An exact decimal; a string holding a number ({@code " 1,234 "}) too. */
    NUMERIC("numeric", SqlType.NUMERIC, Normalizers::numeric),
    /** A whole number; one beyond 64 bits is refused (quarantine), a fraction is unreadable. */
    BIGINT("bigint", SqlType.BIGINT, Normalizers::bigint),
    /** BOOL, {@code true/false/yes/no/1/0} as text, 0 or 1 as a number. */
    BOOLEAN("boolean", SqlType.BOOLEAN, Normalizers::bool),
    /** ISO-8601 in any offset or zone, a date, epoch seconds or milliseconds (told apart by size). */
    INSTANT("instant", SqlType.TIMESTAMPTZ, Normalizers::instant),
    /** Seconds since 1970, as a number or a string holding one. */
    EPOCH_SECONDS("epoch-seconds", SqlType.TIMESTAMPTZ, raw -> Normalizers.epoch(raw, 0)),
    /** Milliseconds since 1970, as a number or a string holding one. */
    EPOCH_MILLIS("epoch-millis", SqlType.TIMESTAMPTZ, raw -> Normalizers.epoch(raw, 3)),
    /** A map, list or number as is; a string parsed as JSON (double-encoded unwrapped); not JSON → NULL + note. */
    JSON("json", SqlType.JSONB, Normalizers::json),
    /** A string set (or list of strings) → {@code text[]}. */
    STRING_SET("string-set", SqlType.TEXT_ARRAY, Normalizers::stringSet),
    /** A number set (or list of numbers) → {@code numeric[]}. */
    NUMBER_SET("number-set", SqlType.NUMERIC_ARRAY, Normalizers::numberSet),
    /** Binary → {@code bytea}. */
    BINARY("binary", SqlType.BYTEA, Normalizers::binary),
    /** A binary set → {@code bytea[]}. */
    BINARY_SET("binary-set", SqlType.BYTEA_ARRAY, Normalizers::binarySet);

    private final String fileName;
    private final SqlType type;
    private final Function<Object, Normalized> function;

    Normalizer(String fileName, SqlType type, Function<Object, Normalized> function) {
        this.fileName = fileName;
        this.type = type;
        this.function = function;
    }

    /** How a mapping file names it. */
    public String fileName() {
        return fileName;
    }

    /** The column type it produces. */
    public SqlType type() {
        return type;
    }

    public Normalized apply(Object raw) {
        return raw == null ? Normalized.ABSENT : function.apply(raw);
    }

    public static Optional<Normalizer> named(String name) {
        return Arrays.stream(values()).filter(n -> n.fileName.equals(name)).findFirst();
    }

    /** The normalizer a column of this type uses when the mapping names none. */
    public static Normalizer defaultFor(SqlType type) {
        return switch (type) {
            case TEXT -> TEXT;
            case NUMERIC -> NUMERIC;
            case BIGINT -> BIGINT;
            case BOOLEAN -> BOOLEAN;
            case TIMESTAMPTZ -> INSTANT;
            case JSONB -> JSON;
            case TEXT_ARRAY -> STRING_SET;
            case NUMERIC_ARRAY -> NUMBER_SET;
            case BYTEA -> BINARY;
            case BYTEA_ARRAY -> BINARY_SET;
        };
    }
}
