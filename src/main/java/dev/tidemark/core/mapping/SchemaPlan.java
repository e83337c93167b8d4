package dev.tidemark.core.mapping;

import java.util.List;

/** What the database needs for a mapping: DDL to run (in one transaction), or a refusal, nothing to run. */
public sealed interface SchemaPlan {

    /** Statements creating missing tables and adding missing columns, in order; empty when the schema is current. */
    record Apply(List<String> statements) implements SchemaPlan {
        public Apply {
            statements = List.copyOf(statements);
        }
    }

    /** Changes that cannot be applied safely, one line each naming the column and both types (or both keys). */
    record Refused(List<String> problems) implements SchemaPlan {
        public Refused {
            problems = List.copyOf(problems);
        }
    }
}
