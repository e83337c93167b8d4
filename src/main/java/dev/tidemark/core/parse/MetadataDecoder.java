package dev.tidemark.core.parse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Turns an item's {@code metadata} attribute, whatever shape a writer gave it, into a JSON document for
 * {@code jsonb}: null stays null; a map is taken as is; a string is cleaned (BOM, NUL) and parsed, and if
 * the result is itself a string holding JSON (a writer stringified something already stringified), it is
 * unwrapped again, up to {@link #MAX_UNWRAP} times. A string that is not JSON at all is kept as a JSON
 * string rather than dropped.
 */
final class MetadataDecoder {
    static final int MAX_UNWRAP = 8;

    private MetadataDecoder() {
    }

    static JsonNode decode(Object raw) {
        if (raw == null) {
            return null;
        }
        if (!(raw instanceof String text)) {
            return JsonValues.toNode(raw);
        }
        JsonNode current = JsonValues.NODES.textNode(text);
        for (int depth = 0; depth < MAX_UNWRAP && current.isTextual(); depth++) {
            String candidate = stripForParsing(current.textValue());
            if (candidate.isEmpty()) {
                return null;
            }
            if (!looksLikeJson(candidate)) {
                break;
            }
            try {
                current = JsonValues.MAPPER.readTree(candidate);
            } catch (JsonProcessingException notJson) {
                break;
            }
        }
        return JsonValues.sanitize(current);
    }

    private static String stripForParsing(String text) {
        String s = text.replace("\u0000", "");
        while (!s.isEmpty() && s.charAt(0) == '\uFEFF') {
            s = s.substring(1);
        }
        return s.strip();
    }

    private static boolean looksLikeJson(String s) {
        char first = s.charAt(0);
        return first == '{' || first == '[' || first == '"';
    }
}
