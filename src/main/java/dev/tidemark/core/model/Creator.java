package dev.tidemark.core.model;

import java.math.BigDecimal;
import java.time.Instant;

/** A creator as last seen on a content item; {@code followerCount} is exact ({@code numeric}). */
public record Creator(String creatorId, String handle, String displayName, BigDecimal followerCount,
                      Instant sourceUpdatedAt) {
}
