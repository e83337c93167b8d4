package dev.tidemark.core.parse;

import dev.tidemark.core.model.ContentRecord;
import dev.tidemark.core.model.Rejection;

import java.util.Set;

/** What the parser made of one source item: a canonical record, or a rejection bound for quarantine. */
public sealed interface ParseOutcome {

    /** @param driftFields names of source fields the parser does not know, kept in {@code extra} */
    record Accepted(ContentRecord record, Set<String> driftFields) implements ParseOutcome {
        public Accepted {
            driftFields = Set.copyOf(driftFields);
        }
    }

    record Rejected(Rejection rejection) implements ParseOutcome {
    }
}
