package dev.tidemark.core.mapping;

import java.util.Objects;

/**
 * What happens to attributes the mapping does not name (schema drift). Every policy counts them as drift.
 *
 * @param column the root's {@code jsonb} column for {@link Policy#JSONB}, else null
 */
public record Unmapped(Policy policy, String column) {
    public enum Policy {
        /** Kept whole in a {@code jsonb} column with the item's notes (invalid and shadowed values). */
        JSONB,
        /** Left out (and counted as drift); the item's notes are left out too. */
        DROP,
        /** The whole item goes to quarantine ({@code UNMAPPED_ATTRIBUTE}). */
        QUARANTINE
    }

    public Unmapped {
        Objects.requireNonNull(policy, "policy");
        if ((policy == Policy.JSONB) != (column != null)) {
            throw new IllegalArgumentException("a jsonb policy needs a column, the others none");
        }
    }
}
