package dev.tidemark.core.mapping;

import dev.tidemark.core.SourceItem;
import dev.tidemark.core.model.RejectionReason;
import dev.tidemark.core.parse.JsonValues;
import dev.tidemark.core.parse.Rejections;
import dev.tidemark.core.parse.MemberList;
import dev.tidemark.core.parse.SourceValues;
import dev.tidemark.core.parse.TextSanitizer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Source item → the rows a {@link Mapping} makes of it, or a quarantine entry with a reason. Pure, and no
 * exception escapes {@link #map}: an unexpected failure is an {@code UNPARSEABLE} rejection carrying the raw item.
 *
 * <p>The rules are those of the hand-coded parser of today's model it replaced ({@code ItemParser}, kept in the tests
 * as the reference the mapped parser is shown equivalent to), driven by the mapping instead of the code: a usable key
 * (exactly as the source has it) and a readable update time are required; every other value that is missing is
 * NULL, and one that cannot be read is NULL with the original kept in the item's notes (under {@code invalid} in
 * the unmapped-attributes column); a value a column refuses (a bigint overflow) quarantines the item.
 */
public final class RecordMapper {
    private static final int MAX_DRIFT_NAME_CHARS = 100;
    private static final Set<String> RESERVED_NOTES = Set.of("invalid", "shadowed");
    private static final ColumnSpec TOMBSTONE_TIME = ColumnSpec.of("deleted_at", SqlType.TIMESTAMPTZ);

    private final Mapping mapping;
    private final Set<String> known;

    public RecordMapper(Mapping mapping) {
        this.mapping = mapping;
        this.known = Set.copyOf(mapping.knownAttributes());
    }

    public Mapping mapping() {
        return mapping;
    }

    public MappedOutcome map(SourceItem item) {
        try {
            return mapOrReject(item);
        } catch (RuntimeException | StackOverflowError unexpected) {
            return reject(item, null, null, RejectionReason.UNPARSEABLE,
                    unexpected.getClass().getSimpleName() + ": " + unexpected.getMessage());
        }
    }

    private MappedOutcome mapOrReject(SourceItem item) {
        SourceSpec source = mapping.source();
        ItemValues values = new ItemValues(item.attributes());
        Object rawKey = values.first(source.key().names());
        Object rawUpdatedAt = values.first(source.updatedAt().names());
        Instant updatedAt = source.updatedAtFormat().reader().apply(rawUpdatedAt)
                instanceof Normalized.Value(Instant at) ? at : null;
        if (!ItemValues.isSomething(rawKey)) {
            return reject(item, null, updatedAt, RejectionReason.MISSING_KEY,
                    "no key under any of " + String.join(", ", source.key().names()));
        }
        Optional<String> key = SourceValues.key(rawKey);
        if (key.isEmpty()) {
            return reject(item, abbreviate(TextSanitizer.preserve(String.valueOf(rawKey)), 80), updatedAt,
                    RejectionReason.INVALID_KEY, "key is not a string or number PostgreSQL can store as is (NUL, "
                            + "lone surrogate, over 2048 bytes, or a " + Rejections.typeName(rawKey) + ")");
        }
        if (!ItemValues.isSomething(rawUpdatedAt)) {
            return reject(item, key.get(), null, RejectionReason.MISSING_UPDATED_AT,
                    "no update time under any of " + String.join(", ", source.updatedAt().names()));
        }
        if (updatedAt == null) {
            // An ISO-8601 update time is described as ItemParser describes it: the same item, the same quarantine row.
            return reject(item, key.get(), null, RejectionReason.INVALID_UPDATED_AT, "update time is not "
                    + (source.updatedAtFormat() == TimeFormat.ISO_8601 ? "an ISO-8601 instant"
                    : source.updatedAtFormat().fileName()) + " in years 1..9999: "
                    + abbreviate(String.valueOf(rawUpdatedAt), 80));
        }

        Map<String, Object> row = new LinkedHashMap<>();
        List<TableRow> entities = new ArrayList<>();
        for (EntityTable e : mapping.entities()) {
            TableRow entity = EntityRows.read(e, values, updatedAt);
            row.put(e.foreignKey(), entity == null ? null : entity.key());
            if (entity != null) {
                entities.add(entity);
            }
        }
        for (ColumnSpec c : mapping.root().columns()) {
            row.put(c.name(), values.column(c, values.first(c.from())));
        }
        List<MappedOutcome.SetMembers> sets = new ArrayList<>();
        for (ManyToMany set : mapping.sets()) {
            List<String> members = members(set, values);
            sets.add(new MappedOutcome.SetMembers(set.name(), members));
            if (set.rootColumn() != null) {
                row.put(set.rootColumn(), members);
            }
        }
        row.put(mapping.root().deletedAtColumn(), deletedAt(values, updatedAt));
        if (values.refusal != null) {
            return reject(item, key.get(), updatedAt, RejectionReason.INVALID_VALUE, values.refusal);
        }

        Map<String, Object> unknown = new LinkedHashMap<>();
        item.attributes().forEach((name, value) -> {
            if (!known.contains(name)) {
                unknown.put(name, value);
            }
        });
        unknown.putAll(values.nestedUnknown);
        Set<String> drift = new LinkedHashSet<>();
        unknown.keySet().forEach(name -> drift.add(abbreviate(TextSanitizer.preserve(name), MAX_DRIFT_NAME_CHARS)));
        switch (mapping.unmapped().policy()) {
            case JSONB -> row.put(mapping.unmapped().column(), notes(unknown, values));
            case QUARANTINE -> {
                if (!unknown.isEmpty()) {
                    return reject(item, key.get(), updatedAt, RejectionReason.UNMAPPED_ATTRIBUTE,
                            "attributes the mapping does not name: " + abbreviate(String.join(", ", drift), 500));
                }
            }
            case DROP -> {
                // counted as drift, stored nowhere
            }
        }
        Set<String> all = row.keySet();
        TableRow root = new TableRow(mapping.root().table(), key.get(), updatedAt, row, all);
        return new MappedOutcome.Mapped(root, entities, sets, drift, values.unreadable);
    }

    /** The unmapped attributes and the item's notes as one JSON object, or null if there is nothing to keep. */
    private static String notes(Map<String, Object> unknown, ItemValues values) {
        Map<String, Object> extra = new LinkedHashMap<>();
        // "invalid" and "shadowed" are the notes; a source attribute of that name moves aside, not away.
        unknown.forEach((name, value) -> extra.put(RESERVED_NOTES.contains(name) ? name + "~source" : name, value));
        if (!values.invalid.isEmpty()) {
            extra.put("invalid", values.invalid);
        }
        if (!values.shadowed.isEmpty()) {
            extra.put("shadowed", values.shadowed);
        }
        return extra.isEmpty() ? null : JsonValues.write(extra);
    }

    /** A set's members (see {@link MemberList}); rejected entries are kept as invalid. */
    private static List<String> members(ManyToMany set, ItemValues values) {
        MemberList.Read read = MemberList.read(values.first(set.from()), set.delimiter(), set.stripPrefix(),
                set.lowercase(), set.maxLength());
        if (!read.rejected().isEmpty()) {
            values.invalid(set.label(), read.rejected(), read.rejected().size() + " member(s) not text or longer than "
                    + set.maxLength());
        }
        return read.members();
    }

    /** A tombstone: a readable time, else the update time when the flag or an unreadable time says so. */
    private Instant deletedAt(ItemValues values, Instant updatedAt) {
        Attribute time = mapping.source().tombstoneTime();
        Attribute flagAttribute = mapping.source().tombstoneFlag();
        Object rawTime = time == null ? null : values.first(time.names());
        if (rawTime != null && values.column(TOMBSTONE_TIME, rawTime, time.name()) instanceof Instant at) {
            return at;
        }
        Object flag = flagAttribute == null ? null : values.first(flagAttribute.names());
        Optional<Boolean> read = SourceValues.tombstoneFlag(flag);
        if (read.isEmpty()) {
            values.invalid(flagAttribute.name(), flag, "expected a tombstone flag, found " + Normalizers.typeName(flag));
        }
        boolean deleted = read.orElse(false);
        return deleted || ItemValues.isSomething(rawTime) ? updatedAt : null;
    }

    private static MappedOutcome reject(SourceItem item, String key, Instant updatedAt, RejectionReason reason,
                                        String detail) {
        return new MappedOutcome.Rejected(Rejections.of(item, key, updatedAt, reason, detail));
    }

    private static String abbreviate(String s, int max) {
        return Rejections.abbreviate(s, max);
    }
}
