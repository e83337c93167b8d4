package dev.tidemark.core.model;

/** Why an item went to quarantine instead of the canonical tables. */
public enum RejectionReason {
    MISSING_KEY,
    MISSING_UPDATED_AT,
    INVALID_UPDATED_AT,
    INVALID_FIELD,
    OVERSIZED_ITEM,
    UNPARSEABLE
}
