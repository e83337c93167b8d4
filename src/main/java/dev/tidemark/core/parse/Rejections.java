package dev.tidemark.core.parse;

import dev.tidemark.core.SourceItem;
import dev.tidemark.core.model.Rejection;
import dev.tidemark.core.model.RejectionReason;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;

/** Building quarantine entries, shared by the parsers: the whole item kept as jsonb, whatever it holds. */
public final class Rejections {
    private Rejections() {
    }

    public static Rejection of(SourceItem item, String key, Instant updatedAt, RejectionReason reason, String detail) {
        String raw;
        try {
            raw = JsonValues.write(item.attributes());
        } catch (RuntimeException | StackOverflowError e) {
            // Still keep what the item said, as text, rather than an empty placeholder.
            raw = JsonValues.write(Map.of("unserializable", String.valueOf(e.getMessage()),
                    "text", abbreviate(String.valueOf(item.attributes()), 100_000)));
        }
        return new Rejection(key, updatedAt, reason, TextSanitizer.preserve(detail), raw);
    }

    public static String typeName(Object value) {
        return switch (value) {
            case Map<?, ?> m -> "map";
            case Collection<?> c -> "list or set";
            case byte[] b -> "binary";
            default -> value.getClass().getSimpleName();
        };
    }

    /**
     * At most {@code max} chars, ending in "..." when cut. Never cuts between the two halves of a surrogate pair: a
     * lone half is not storable text (an emoji at the cut would otherwise make the key or detail unwritable).
     */
    public static String abbreviate(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        int cut = max - 3;
        if (cut > 0 && Character.isHighSurrogate(s.charAt(cut - 1)) && Character.isLowSurrogate(s.charAt(cut))) {
            cut--;
        }
        return s.substring(0, cut) + "...";
    }
}
