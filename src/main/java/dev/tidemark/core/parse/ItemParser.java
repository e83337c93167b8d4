package dev.tidemark.core.parse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidemark.core.SourceItem;
import dev.tidemark.core.model.Community;
import dev.tidemark.core.model.ContentRecord;
import dev.tidemark.core.model.Creator;
import dev.tidemark.core.model.Rejection;
import dev.tidemark.core.model.RejectionReason;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Source item → canonical record or quarantine entry. Pure: no SDK, no JDBC, and no exception escapes
 * {@link #parse} — an unexpected failure becomes an {@code UNPARSEABLE} rejection carrying the raw item.
 *
 * <p>Only the key and {@code updatedAt} are required: without the key there is no row to write, without a
 * valid {@code updatedAt} the monotonic upsert cannot order the write. Any other field that is missing or
 * of the wrong type becomes null, and a value that could not be read is kept under {@code extra.invalid}
 * so nothing the source said is lost.
 */
public final class ItemParser {
    private final SourceSchema schema;

    public ItemParser(SourceSchema schema) {
        this.schema = schema;
    }

    public ParseOutcome parse(SourceItem item) {
        try {
            return parseOrReject(item);
        } catch (RuntimeException | StackOverflowError unexpected) {
            return reject(item, null, null, RejectionReason.UNPARSEABLE,
                    unexpected.getClass().getSimpleName() + ": " + unexpected.getMessage());
        }
    }

    private ParseOutcome parseOrReject(SourceItem item) {
        Map<String, Object> a = item.attributes();
        String key = SourceValues.text(first(a, schema.keyAttribute(), FieldAliases.CONTENT_ID));
        Object rawUpdatedAt = first(a, schema.updatedAtAttribute(), FieldAliases.UPDATED_AT);
        if (key == null) {
            return reject(item, null, null, RejectionReason.MISSING_KEY,
                    "no content id under any of " + names(schema.keyAttribute(), FieldAliases.CONTENT_ID));
        }
        if (rawUpdatedAt == null) {
            return reject(item, key, null, RejectionReason.MISSING_UPDATED_AT,
                    "no update time under any of " + names(schema.updatedAtAttribute(), FieldAliases.UPDATED_AT));
        }
        Optional<Instant> updatedAt = SourceValues.instant(rawUpdatedAt);
        if (updatedAt.isEmpty()) {
            return reject(item, key, null, RejectionReason.INVALID_UPDATED_AT,
                    "update time is not an ISO-8601 instant: " + abbreviate(String.valueOf(rawUpdatedAt)));
        }

        Map<String, Object> invalid = new LinkedHashMap<>();
        Creator creator = creator(a, updatedAt.get(), invalid);
        Community community = community(a, updatedAt.get());
        JsonNode metadata = MetadataDecoder.decode(FieldAliases.METADATA.value(a));

        Map<String, Object> unknown = FieldAliases.unknownFields(a, schema.knownAttributes());
        Map<String, Object> extra = new LinkedHashMap<>(unknown);
        ContentRecord record = new ContentRecord(
                key,
                updatedAt.get(),
                SourceValues.text(FieldAliases.PLATFORM.value(a)),
                SourceValues.text(FieldAliases.URL.value(a)),
                SourceValues.text(FieldAliases.CAPTION.value(a)),
                optionalInstant(a, FieldAliases.PUBLISHED_AT, invalid),
                optionalNumber(a, FieldAliases.VIEW_COUNT, invalid),
                optionalNumber(a, FieldAliases.LIKE_COUNT, invalid),
                creator,
                community,
                tags(FieldAliases.TAGS.value(a)),
                metadata == null || metadata.isNull() ? null : JsonValues.write(metadata),
                null,
                deletedAt(a, updatedAt.get()));
        if (!invalid.isEmpty()) {
            extra.put("invalid", invalid);
        }
        String extraJson = extra.isEmpty() ? null : JsonValues.write(extra);
        return new ParseOutcome.Accepted(withExtra(record, extraJson), unknown.keySet());
    }

    private Creator creator(Map<String, Object> a, Instant updatedAt, Map<String, Object> invalid) {
        Map<String, Object> nested = asMap(FieldAliases.CREATOR.value(a));
        String id = SourceValues.text(orNested(a, FieldAliases.CREATOR_ID, nested, "id"));
        String handle = SourceValues.text(orNested(a, FieldAliases.CREATOR_HANDLE, nested, "handle"));
        if (id == null && FieldAliases.CREATOR.value(a) instanceof String bareName) {
            // "author": "some_handle" — a writer that only knew the handle.
            handle = handle == null ? SourceValues.text(bareName) : handle;
        }
        if (id == null) {
            id = handle == null ? null : handle.toLowerCase(Locale.ROOT);
        }
        if (id == null) {
            return null;
        }
        Object rawFollowers = orNested(a, FieldAliases.FOLLOWER_COUNT, nested, "followers");
        BigDecimal followers = SourceValues.number(rawFollowers).orElse(null);
        if (followers == null && rawFollowers != null) {
            invalid.put("followerCount", rawFollowers);
        }
        String name = SourceValues.text(orNested(a, FieldAliases.CREATOR_NAME, nested, "name"));
        return new Creator(id, handle, name, followers, updatedAt);
    }

    private Community community(Map<String, Object> a, Instant updatedAt) {
        Map<String, Object> nested = asMap(FieldAliases.COMMUNITY.value(a));
        String id = SourceValues.text(orNested(a, FieldAliases.COMMUNITY_ID, nested, "id"));
        String name = SourceValues.text(orNested(a, FieldAliases.COMMUNITY_NAME, nested, "name"));
        if (FieldAliases.COMMUNITY.value(a) instanceof String bare) {
            name = name == null ? SourceValues.text(bare) : name;
        }
        if (id == null) {
            id = name == null ? null : name.toLowerCase(Locale.ROOT);
        }
        return id == null ? null : new Community(id, name, updatedAt);
    }

    /** Tags: a list or set of strings, or one comma-separated string; trimmed, '#' dropped, lower case. */
    static List<String> tags(Object raw) {
        List<Object> items = new ArrayList<>();
        switch (raw) {
            case null -> {
                return List.of();
            }
            case Collection<?> c -> items.addAll(c);
            case String s -> items.addAll(List.of((Object[]) s.split(",")));
            default -> items.add(raw);
        }
        Set<String> tags = new LinkedHashSet<>();
        for (Object item : items) {
            String t = SourceValues.text(item);
            if (t == null) {
                continue;
            }
            while (t.startsWith("#")) {
                t = t.substring(1);
            }
            t = t.strip().toLowerCase(Locale.ROOT);
            if (!t.isEmpty()) {
                tags.add(t);
            }
        }
        return List.copyOf(tags);
    }

    private Instant deletedAt(Map<String, Object> a, Instant updatedAt) {
        Object rawDeletedAt = first(a, schema.tombstoneTimeAttribute(), FieldAliases.DELETED_AT);
        Optional<Instant> at = SourceValues.instant(rawDeletedAt);
        if (at.isPresent()) {
            return at.get();
        }
        Object flag = first(a, schema.tombstoneFlagAttribute(), FieldAliases.DELETED);
        boolean deleted = flag instanceof Boolean b ? b
                : flag instanceof String s && s.strip().equalsIgnoreCase("true")
                || flag instanceof BigDecimal d && d.signum() != 0;
        return deleted || rawDeletedAt != null ? updatedAt : null;
    }

    private static Instant optionalInstant(Map<String, Object> a, FieldAliases field, Map<String, Object> invalid) {
        Object raw = field.value(a);
        Optional<Instant> value = SourceValues.instant(raw);
        if (value.isEmpty() && raw != null && SourceValues.text(raw) != null) {
            invalid.put(field.names().getFirst(), raw);
        }
        return value.orElse(null);
    }

    private static BigDecimal optionalNumber(Map<String, Object> a, FieldAliases field, Map<String, Object> invalid) {
        Object raw = field.value(a);
        Optional<BigDecimal> value = SourceValues.number(raw);
        if (value.isEmpty() && raw != null && SourceValues.text(raw) != null) {
            invalid.put(field.names().getFirst(), raw);
        }
        return value.orElse(null);
    }

    private static Object first(Map<String, Object> a, String configured, FieldAliases field) {
        if (configured != null && a.containsKey(configured)) {
            return a.get(configured);
        }
        return field.value(a);
    }

    private static Object orNested(Map<String, Object> a, FieldAliases flat, Map<String, Object> nested, String nestedField) {
        Object value = flat.value(a);
        if (value == null && nested != null) {
            for (String name : FieldAliases.NESTED.get(nestedField)) {
                if (nested.get(name) != null) {
                    return nested.get(name);
                }
            }
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
    }

    private static ContentRecord withExtra(ContentRecord r, String extraJson) {
        return new ContentRecord(r.contentId(), r.sourceUpdatedAt(), r.platform(), r.url(), r.caption(),
                r.publishedAt(), r.viewCount(), r.likeCount(), r.creator(), r.community(), r.tags(),
                r.metadataJson(), extraJson, r.deletedAt());
    }

    private static ParseOutcome reject(SourceItem item, String key, Instant updatedAt, RejectionReason reason,
                                       String detail) {
        String raw;
        try {
            raw = JsonValues.write(item.attributes());
        } catch (RuntimeException | StackOverflowError e) {
            raw = JsonValues.write(Map.of("unserializable", String.valueOf(e.getMessage())));
        }
        return new ParseOutcome.Rejected(new Rejection(key, updatedAt, reason, TextSanitizer.preserve(detail), raw));
    }

    private static String names(String configured, FieldAliases field) {
        Set<String> names = new LinkedHashSet<>();
        if (configured != null) {
            names.add(configured);
        }
        names.addAll(field.names());
        return String.join(", ", names);
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
