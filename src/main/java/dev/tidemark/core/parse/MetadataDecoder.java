package dev.tidemark.core.parse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Turns an item's {@code metadata} attribute, whatever shape a writer gave it, into a JSON document for
 * {@code jsonb}: absent or blank is nothing; a map, list or number is taken as is; a string is cleaned (BOM,
 * NUL) and parsed as any JSON value (object, list, string, number kept exact, {@code true}, {@code null}),
 * and if the result is itself a string holding JSON (a writer stringified something already stringified),
 * it is unwrapped again, up to {@link #MAX_UNWRAP} times.
 *
 * <p>A string that is not JSON at all is {@link Decoded.NotJson}: the reference design stores null rather
 * than a malformed value, and the parser keeps the original under {@code extra.invalid.metadata}.
 */
public final class MetadataDecoder {
    static final int MAX_UNWRAP = 8;

    private MetadataDecoder() {
    }

    /** What the attribute held. */
    public sealed interface Decoded {
        /** Nothing: absent, or a blank string. */
        record Absent() implements Decoded {
        }

        /** A JSON value (possibly JSON {@code null}), sanitized for {@code jsonb}. */
        record Json(JsonNode value) implements Decoded {
        }

        /** A string that does not parse as JSON. */
        record NotJson() implements Decoded {
        }
    }

    public static Decoded decode(Object raw) {
        if (raw == null) {
            return new Decoded.Absent();
        }
        if (!(raw instanceof String text)) {
            return new Decoded.Json(JsonValues.toNode(raw));
        }
        String first = stripForParsing(text);
        if (first.isEmpty() || first.codePoints().allMatch(TextSanitizer::isUnicodeWhitespace)) {
            return new Decoded.Absent();
        }
        JsonNode current;
        try {
            current = JsonValues.MAPPER.readTree(first);
        } catch (JsonProcessingException notJson) {
            return new Decoded.NotJson();
        }
        // The outer string was JSON; an inner string that is not JSON is simply a JSON string value.
        for (int depth = 1; depth < MAX_UNWRAP && current.isTextual(); depth++) {
            String candidate = stripForParsing(current.textValue());
            if (candidate.isEmpty()) {
                return new Decoded.Absent();
            }
            try {
                current = JsonValues.MAPPER.readTree(candidate);
            } catch (JsonProcessingException notJson) {
                break;
            }
        }
        return new Decoded.Json(JsonValues.sanitize(current));
    }

    private static String stripForParsing(String text) {
        String s = text.replace("\u0000", "");
        while (!s.isEmpty() && s.charAt(0) == '\uFEFF') {
            s = s.substring(1);
        }
        return s.strip();
    }
}
