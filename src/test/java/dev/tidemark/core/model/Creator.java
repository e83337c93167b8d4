package dev.tidemark.core.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * A creator as last seen on a content item; {@code followerCount} is exact ({@code numeric}).
 *
 * <p>Items name creators with whatever they know: a newer item may carry only the id and the handle.
 * {@code carried} says which fields the item actually had (an explicit DynamoDB {@code NULL} counts as
 * carried, an absent attribute does not), so a field the item did not carry keeps its stored value instead
 * of being erased.
 */
public record Creator(String creatorId, String handle, String displayName, BigDecimal followerCount,
                      Instant sourceUpdatedAt, Set<Field> carried) {

    /** The fields besides the id that an item may or may not carry. */
    public enum Field { HANDLE, DISPLAY_NAME, FOLLOWER_COUNT }

    public Creator {
        carried = carried.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(carried));
    }

    /** A creator whose item carried every field. */
    public Creator(String creatorId, String handle, String displayName, BigDecimal followerCount,
                   Instant sourceUpdatedAt) {
        this(creatorId, handle, displayName, followerCount, sourceUpdatedAt, EnumSet.allOf(Field.class));
    }

    public boolean carries(Field field) {
        return carried.contains(field);
    }

    /**
     * What the store holds after this version and then {@code newer} (same id, not older) are applied: each
     * field from the newest of the two that carried it.
     */
    public Creator then(Creator newer) {
        EnumSet<Field> union = EnumSet.noneOf(Field.class);
        union.addAll(carried);
        union.addAll(newer.carried);
        return new Creator(newer.creatorId,
                newer.carries(Field.HANDLE) ? newer.handle : handle,
                newer.carries(Field.DISPLAY_NAME) ? newer.displayName : displayName,
                newer.carries(Field.FOLLOWER_COUNT) ? newer.followerCount : followerCount,
                newer.sourceUpdatedAt, union);
    }
}
