package dev.tidemark.core.mapping;

import dev.tidemark.core.model.Rejection;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** What {@link RecordMapper} made of one source item: the rows to write, or a quarantine entry with its reason. */
public sealed interface MappedOutcome {

    /**
     * @param root     the root row: every mapped column, the entities' foreign keys, the sets' denormalized
     *                 columns, the tombstone column and the unmapped-attributes column
     * @param entities one row per entity the item names, in the mapping's order (written before the root)
     * @param sets     the members of every many-to-many set, in the mapping's order (the item's whole set: it
     *                 replaces the stored one)
     * @param drift    names of the unmapped attributes (nested ones as {@code creator.verified})
     * @param unreadable values the item had but the mapping could not use (NULL in their columns, the originals
     *                   among the notes), by label (a column's first source path), with why
     */
    record Mapped(TableRow root, List<TableRow> entities, List<SetMembers> sets, Set<String> drift,
                  Map<String, String> unreadable) implements MappedOutcome {
        public Mapped {
            Objects.requireNonNull(root, "root");
            entities = List.copyOf(entities);
            sets = List.copyOf(sets);
            drift = Set.copyOf(drift);
            unreadable = Map.copyOf(unreadable);
        }
    }

    record Rejected(Rejection rejection) implements MappedOutcome {
    }

    /** The normalized members of one set, de-duplicated, in first-seen order. */
    record SetMembers(String set, List<String> members) {
        public SetMembers {
            members = List.copyOf(members);
        }
    }
}
