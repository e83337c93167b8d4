package dev.tidemark.core.parse;

import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * The configured attribute names of the source table. The parser looks for these first and then for the
 * aliases in {@link FieldAliases}; the GSI's partition attribute is known, so it is never drift.
 */
public record SourceSchema(String keyAttribute, String updatedAtAttribute, String partitionAttribute,
                           String tombstoneFlagAttribute, String tombstoneTimeAttribute) {
    public SourceSchema {
        Objects.requireNonNull(keyAttribute, "keyAttribute");
        Objects.requireNonNull(updatedAtAttribute, "updatedAtAttribute");
        Objects.requireNonNull(partitionAttribute, "partitionAttribute");
    }

    public static SourceSchema defaults() {
        return new SourceSchema("contentId", "updatedAt", "updatedDate", "deleted", "deletedAt");
    }

    Set<String> knownAttributes() {
        Set<String> known = new HashSet<>();
        known.add(keyAttribute);
        known.add(updatedAtAttribute);
        known.add(partitionAttribute);
        if (tombstoneFlagAttribute != null) {
            known.add(tombstoneFlagAttribute);
        }
        if (tombstoneTimeAttribute != null) {
            known.add(tombstoneTimeAttribute);
        }
        return known;
    }
}
