package dev.tidemark.core.model;

/** Why an item went to quarantine instead of the canonical tables. Stored as text in {@code quarantine.reason}. */
public enum RejectionReason {
    /** No non-blank value under the configured key attribute or any of its aliases. */
    MISSING_KEY,
    /** A key PostgreSQL cannot store unchanged (NUL, lone surrogate, over 2048 bytes) or not a string/number. */
    INVALID_KEY,
    /** No non-blank value under the configured updatedAt attribute or any of its aliases. */
    MISSING_UPDATED_AT,
    /** updatedAt is not an instant (minute 61, February 30, free text) or lies outside years 1..9999. */
    INVALID_UPDATED_AT,
    /** A mapped column cannot take the item's value and NULL would be a lie (a bigint overflow); mapping only. */
    INVALID_VALUE,
    /** The item has attributes the mapping does not name, and the mapping quarantines those; mapping only. */
    UNMAPPED_ATTRIBUTE,
    /** The parser failed unexpectedly; the detail names the exception. A bug, not a data problem. */
    UNPARSEABLE
}
