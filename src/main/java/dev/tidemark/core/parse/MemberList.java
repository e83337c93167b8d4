package dev.tidemark.core.parse;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The members of a set attribute (tags): a list or set of scalars, or one string split on a delimiter; each
 * sanitized, a prefix stripped (repeatedly), trimmed, lower-cased if asked, de-duplicated in first-seen order. An
 * entry that is no text, or longer than the maximum, is rejected (the caller keeps it as invalid).
 */
public final class MemberList {
    public record Read(List<String> members, List<Object> rejected) {
        public Read {
            members = List.copyOf(members);
            rejected = java.util.Collections.unmodifiableList(new ArrayList<>(rejected));
        }
    }

    private MemberList() {
    }

    public static Read read(Object raw, String delimiter, String stripPrefix, boolean lowercase, int maxLength) {
        List<Object> items = new ArrayList<>();
        switch (raw) {
            case null -> {
                return new Read(List.of(), List.of());
            }
            case Collection<?> c -> items.addAll(c);
            case String s when delimiter != null -> items.addAll(List.of((Object[]) s.split(Pattern.quote(delimiter))));
            default -> items.add(raw);
        }
        Set<String> members = new LinkedHashSet<>();
        List<Object> rejected = new ArrayList<>();
        for (Object item : items) {
            String t = SourceValues.isScalar(item) ? SourceValues.text(item) : null;
            if (t == null) {
                if (SourceValues.isSomething(item)) {
                    rejected.add(item);
                }
                continue;
            }
            while (stripPrefix != null && !stripPrefix.isEmpty() && t.startsWith(stripPrefix)) {
                t = t.substring(stripPrefix.length());
            }
            t = t.strip();
            t = lowercase ? t.toLowerCase(Locale.ROOT) : t;
            if (t.length() > maxLength) {
                rejected.add(item);
            } else if (!t.isEmpty()) {
                members.add(t);
            }
        }
        return new Read(List.copyOf(members), rejected);
    }
}
