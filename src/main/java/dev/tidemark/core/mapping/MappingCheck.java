package dev.tidemark.core.mapping;

import dev.tidemark.core.SourceItem;
import dev.tidemark.core.model.Rejection;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A mapping tried on a sample of the live table, writing nothing: which items it would quarantine and why, which
 * attributes it does not map, which values its columns could not read, and whether the table has the key and index
 * the mapping names. Pure: the adapter brings the items and the table's description.
 */
public final class MappingCheck {
    /** How often something was found, and one example (a key and what was wrong). */
    public record Finding(int count, String example) {
        Finding plus() {
            return new Finding(count + 1, example);
        }
    }

    /** The source table as DynamoDB describes it: its key attribute and each index's key attributes. */
    public record TableDescription(String keyAttribute, Map<String, List<String>> indexKeys) {
        public TableDescription {
            indexKeys = Map.copyOf(indexKeys);
        }
    }

    private final RecordMapper mapper;
    private final List<String> tableProblems = new ArrayList<>();
    private final Map<String, Finding> quarantined = new TreeMap<>();
    private final Map<String, Finding> unmapped = new TreeMap<>();
    private final Map<String, Finding> unreadable = new TreeMap<>();
    private int sampled;
    private int mapped;

    public MappingCheck(Mapping mapping) {
        this.mapper = new RecordMapper(mapping);
    }

    /** Compares the table's key and the GSI's keys with the mapping's source. */
    public void table(TableDescription table) {
        SourceSpec source = mapper.mapping().source();
        if (!source.key().name().equals(table.keyAttribute())) {
            tableProblems.add("the table's key is " + table.keyAttribute() + ", the mapping says " + source.key().name());
        }
        List<String> index = table.indexKeys().get(source.index());
        List<String> expected = List.of(source.partition().name(), source.updatedAt().name());
        if (index == null) {
            tableProblems.add("the table has no index " + source.index() + " (it has " + table.indexKeys().keySet() + ")");
        } else if (!index.equals(expected)) {
            tableProblems.add("index " + source.index() + " is keyed " + index + ", the mapping says " + expected
                    + " (partition, update time)");
        }
    }

    public void add(SourceItem item) {
        sampled++;
        switch (mapper.map(item)) {
            case MappedOutcome.Mapped m -> {
                mapped++;
                String key = m.root().key();
                m.drift().forEach(name -> count(unmapped, name, "key " + key));
                m.unreadable().forEach((label, why) -> count(unreadable, label, "key " + key + ": " + why));
            }
            case MappedOutcome.Rejected(Rejection r) -> count(quarantined, r.reason().name(),
                    (r.sourceKey() == null ? "" : "key " + r.sourceKey() + ": ") + r.detail());
        }
    }

    private static void count(Map<String, Finding> findings, String name, String example) {
        findings.merge(name, new Finding(1, example), (old, one) -> old.plus());
    }

    /** True when the sample raised nothing: every item mapped, every attribute named, every value read. */
    public boolean clean() {
        return tableProblems.isEmpty() && quarantined.isEmpty() && unmapped.isEmpty() && unreadable.isEmpty();
    }

    /** The report, one finding a line. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add(sampled + " item(s) sampled: " + mapped + " would be written, " + (sampled - mapped)
                + " quarantined");
        tableProblems.forEach(p -> lines.add("table: " + p));
        section(lines, "would be quarantined", quarantined);
        section(lines, "unmapped attributes (drift)", unmapped);
        section(lines, "values a column could not read (NULL, original kept as a note)", unreadable);
        if (clean()) {
            lines.add("no problems found");
        }
        return lines;
    }

    private static void section(List<String> lines, String title, Map<String, Finding> findings) {
        if (!findings.isEmpty()) {
            lines.add(title + ":");
            findings.forEach((name, f) -> lines.add("  " + name + " ×" + f.count() + " (e.g. " + f.example() + ")"));
        }
    }
}
