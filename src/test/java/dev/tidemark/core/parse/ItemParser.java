package dev.tidemark.core.parse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidemark.core.SourceItem;
import dev.tidemark.core.model.Community;
import dev.tidemark.core.model.ContentRecord;
import dev.tidemark.core.model.Creator;
import dev.tidemark.core.model.RejectionReason;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.EnumSet;
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
 * <p>What is required, and why only this: <b>a usable key</b> (without it there is no row to write; it
 * is stored exactly as the source has it, because reconcile and replays must find the same row again, so a
 * key PostgreSQL cannot store as is — NUL, a lone surrogate, over 2048 bytes, a map — is rejected, never
 * "cleaned" into another item's key) and <b>a valid {@code updatedAt}</b> (the monotonic upsert orders
 * writes by it; the GSI guarantees the attribute exists, not that it is an instant: minute 61 sorts inside
 * the window like any other string). Every other field is optional: missing becomes NULL, and a value of
 * the wrong type or that cannot be read becomes NULL with the original kept under {@code extra.invalid}.
 * A partial record is more useful than a quarantined one, and it loses nothing.
 *
 * <p>Test code: the hand-coded reference parser of today's model. Production maps every item with
 * {@link dev.tidemark.core.mapping.RecordMapper}; {@code MappedParserEquivalenceProperties} shows that it parses
 * every item as this one does.
 */
public final class ItemParser {
    private static final int MAX_DRIFT_NAME_CHARS = 100;
    private static final Set<String> RESERVED_EXTRA = Set.of("invalid", "shadowed");

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
        ItemReader r = new ItemReader(a);
        Object rawKey = r.raw(schema.keyAttribute(), FieldAliases.CONTENT_ID);
        Object rawUpdatedAt = r.raw(schema.updatedAtAttribute(), FieldAliases.UPDATED_AT);
        Instant updatedAt = SourceValues.instant(rawUpdatedAt).orElse(null);
        if (!SourceValues.isSomething(rawKey)) {
            return reject(item, null, updatedAt, RejectionReason.MISSING_KEY,
                    "no content id under any of " + names(schema.keyAttribute(), FieldAliases.CONTENT_ID));
        }
        Optional<String> key = SourceValues.key(rawKey);
        if (key.isEmpty()) {
            return reject(item, abbreviate(TextSanitizer.preserve(String.valueOf(rawKey))), updatedAt,
                    RejectionReason.INVALID_KEY, "content id is not a string or number PostgreSQL can store as is "
                            + "(NUL, lone surrogate, over " + SourceValues.MAX_KEY_BYTES + " bytes, or a "
                            + typeName(rawKey) + ")");
        }
        if (!SourceValues.isSomething(rawUpdatedAt)) {
            return reject(item, key.get(), null, RejectionReason.MISSING_UPDATED_AT,
                    "no update time under any of " + names(schema.updatedAtAttribute(), FieldAliases.UPDATED_AT));
        }
        if (updatedAt == null) {
            return reject(item, key.get(), null, RejectionReason.INVALID_UPDATED_AT,
                    "update time is not an ISO-8601 instant in years 1..9999: "
                            + abbreviate(String.valueOf(rawUpdatedAt)));
        }

        Creator creator = creator(r, updatedAt);
        Community community = community(r, updatedAt);
        Object rawMetadata = r.raw(FieldAliases.METADATA);
        MetadataDecoder.Decoded metadata = MetadataDecoder.decode(rawMetadata);
        if (metadata instanceof MetadataDecoder.Decoded.NotJson) {
            r.invalid("metadata", rawMetadata);
        }
        ContentRecord record = new ContentRecord(
                key.get(),
                updatedAt,
                r.text(FieldAliases.PLATFORM),
                r.text(FieldAliases.URL),
                r.text(FieldAliases.CAPTION),
                r.instant(FieldAliases.PUBLISHED_AT),
                r.number(FieldAliases.VIEW_COUNT),
                r.number(FieldAliases.LIKE_COUNT),
                creator,
                community,
                tags(r),
                metadata instanceof MetadataDecoder.Decoded.Json(JsonNode json) && !json.isNull()
                        ? JsonValues.write(json) : null,
                null,
                deletedAt(r, updatedAt));

        Map<String, Object> unknown = FieldAliases.unknownFields(a, schema.knownAttributes());
        unknown.putAll(r.nestedUnknown());
        Map<String, Object> extra = new LinkedHashMap<>();
        // "invalid" and "shadowed" are the parser's notes; a source field of that name moves aside, not away.
        unknown.forEach((name, value) -> extra.put(RESERVED_EXTRA.contains(name) ? name + "~source" : name, value));
        if (!r.invalid().isEmpty()) {
            extra.put("invalid", r.invalid());
        }
        if (!r.shadowed().isEmpty()) {
            extra.put("shadowed", r.shadowed());
        }
        String extraJson = extra.isEmpty() ? null : JsonValues.write(extra);
        Set<String> drift = new LinkedHashSet<>();
        unknown.keySet().forEach(name -> drift.add(abbreviate(TextSanitizer.preserve(name), MAX_DRIFT_NAME_CHARS)));
        return new ParseOutcome.Accepted(withExtra(record, extraJson), drift);
    }

    private static Creator creator(ItemReader r, Instant updatedAt) {
        Map<String, Object> nested = r.nested(FieldAliases.CREATOR);
        String id = r.id(r.rawOrNested(FieldAliases.CREATOR_ID, nested, "id"), "creatorId");
        // "author": "some_handle" — a writer that only knew the handle.
        String handle = bareName(r, FieldAliases.CREATOR, nested,
                r.text(r.rawOrNested(FieldAliases.CREATOR_HANDLE, nested, "handle"), "creatorHandle"));
        id = id != null || handle == null ? id : r.id(handle.toLowerCase(Locale.ROOT), "creatorHandle");
        BigDecimal followers = r.number(r.rawOrNested(FieldAliases.FOLLOWER_COUNT, nested, "followers"),
                "followerCount");
        String name = r.text(r.rawOrNested(FieldAliases.CREATOR_NAME, nested, "name"), "creatorName");
        if (id == null) {
            return null;
        }
        EnumSet<Creator.Field> carried = EnumSet.noneOf(Creator.Field.class);
        if (r.carries(FieldAliases.CREATOR_HANDLE, nested, "handle") || r.raw(FieldAliases.CREATOR) instanceof String) {
            carried.add(Creator.Field.HANDLE);
        }
        if (r.carries(FieldAliases.CREATOR_NAME, nested, "name")) {
            carried.add(Creator.Field.DISPLAY_NAME);
        }
        if (r.carries(FieldAliases.FOLLOWER_COUNT, nested, "followers")) {
            carried.add(Creator.Field.FOLLOWER_COUNT);
        }
        return new Creator(id, handle, name, followers, updatedAt, carried);
    }

    private static Community community(ItemReader r, Instant updatedAt) {
        Map<String, Object> nested = r.nested(FieldAliases.COMMUNITY);
        String id = r.id(r.rawOrNested(FieldAliases.COMMUNITY_ID, nested, "id"), "communityId");
        String name = bareName(r, FieldAliases.COMMUNITY, nested,
                r.text(r.rawOrNested(FieldAliases.COMMUNITY_NAME, nested, "name"), "communityName"));
        id = id != null || name == null ? id : r.id(name.toLowerCase(Locale.ROOT), "communityName");
        boolean nameCarried = r.carries(FieldAliases.COMMUNITY_NAME, nested, "name")
                || r.raw(FieldAliases.COMMUNITY) instanceof String;
        return id == null ? null : new Community(id, name, updatedAt, nameCarried);
    }

    /**
     * {@code creator}/{@code community} may be a map (read as nested fields) or a bare string naming the
     * entity: that string is the name unless one was given elsewhere (then it is kept as shadowed).
     * Anything else there is the wrong type and kept as invalid.
     */
    private static String bareName(ItemReader r, FieldAliases field, Map<String, Object> nested, String name) {
        Object whole = r.raw(field);
        String label = field.names().getFirst();
        if (whole instanceof String bare) {
            return name == null ? SourceValues.text(bare) : r.shadow(label, bare, name);
        }
        if (whole != null && nested == null) {
            r.invalid(label, whole);
        }
        return name;
    }

    /**
     * Tags: a list or set of strings, or one comma-separated string; trimmed, '#' dropped, lower case.
     * An entry that is no text, or too long to index, is kept under {@code extra.invalid.tags}.
     */
    private static List<String> tags(ItemReader r) {
        MemberList.Read read = MemberList.read(r.raw(FieldAliases.TAGS), ",", "#", true, ItemReader.MAX_INDEXED_CHARS);
        if (!read.rejected().isEmpty()) {
            r.invalid("tags", read.rejected());
        }
        return read.members();
    }

    /** A tombstone: a readable deletedAt, else the update time when the flag or an unreadable deletedAt says so. */
    private Instant deletedAt(ItemReader r, Instant updatedAt) {
        Object rawDeletedAt = r.raw(schema.tombstoneTimeAttribute(), FieldAliases.DELETED_AT);
        Instant at = r.instant(rawDeletedAt, "deletedAt");
        if (at != null) {
            return at;
        }
        Object flag = r.raw(schema.tombstoneFlagAttribute(), FieldAliases.DELETED);
        Optional<Boolean> read = SourceValues.tombstoneFlag(flag);
        if (read.isEmpty()) {
            r.invalid("deleted", flag);
        }
        boolean deleted = read.orElse(false);
        return deleted || SourceValues.isSomething(rawDeletedAt) ? updatedAt : null;
    }

    private static ContentRecord withExtra(ContentRecord r, String extraJson) {
        return new ContentRecord(r.contentId(), r.sourceUpdatedAt(), r.platform(), r.url(), r.caption(),
                r.publishedAt(), r.viewCount(), r.likeCount(), r.creator(), r.community(), r.tags(),
                r.metadataJson(), extraJson, r.deletedAt());
    }

    private static ParseOutcome reject(SourceItem item, String key, Instant updatedAt, RejectionReason reason,
                                       String detail) {
        return new ParseOutcome.Rejected(Rejections.of(item, key, updatedAt, reason, detail));
    }

    private static String names(String configured, FieldAliases field) {
        Set<String> names = new LinkedHashSet<>();
        if (configured != null) {
            names.add(configured);
        }
        names.addAll(field.names());
        return String.join(", ", names);
    }

    private static String typeName(Object value) {
        return Rejections.typeName(value);
    }

    private static String abbreviate(String s) {
        return Rejections.abbreviate(s, 80);
    }

    private static String abbreviate(String s, int max) {
        return Rejections.abbreviate(s, max);
    }
}
