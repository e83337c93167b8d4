package dev.tidemark.lambda;

import dev.tidemark.sync.RunRequest;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * A manual or scheduled event → the run it asks for. Bad input fails with a message naming the field and
 * the expected shape, before anything runs.
 */
final class RunRequests {
    private RunRequests() {
    }

    static RunRequest parse(TriggerEvent trigger, Map<String, Object> event) {
        Map<String, Object> e = event == null ? Map.of() : event;
        boolean dryRun = dryRun(e.get("dryRun"));
        return switch (trigger.mode()) {
            case "scheduled" -> new RunRequest.Scheduled(trigger.trigger(), trigger.eventId(), dryRun);
            case "backfill" -> new RunRequest.Backfill(date(e, "from"), date(e, "to"), dryRun);
            case "rerun" -> new RunRequest.Rerun(text(e, "runId"), dryRun);
            case "reconcile" -> new RunRequest.Reconcile(dryRun, flag(e.get("restart"), "restart"),
                    e.get("piece") == null ? null : wholeNumber(e.get("piece"), "piece"),
                    e.get("recent") == null ? null : duration(e.get("recent").toString(), "recent"));
            default -> throw new IllegalArgumentException("unsupported mode '" + trigger.mode() + "'");
        };
    }

    private static boolean dryRun(Object value) {
        return flag(value, "dryRun");
    }

    private static boolean flag(Object value, String field) {
        return switch (value) {
            case null -> false;
            case Boolean b -> b;
            case String s when s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false") -> Boolean.parseBoolean(s);
            default -> throw new IllegalArgumentException(field + " must be true or false, was '" + value + "'");
        };
    }

    static int wholeNumber(Object value, String field) {
        return switch (value) {
            case Number n when n.doubleValue() == n.intValue() -> n.intValue();
            case String s when s.strip().matches("\\d{1,9}") -> Integer.parseInt(s.strip());
            default -> throw new IllegalArgumentException(field + " must be a whole number, was '" + value + "'");
        };
    }

    private static java.time.Duration duration(String value, String field) {
        try {
            return java.time.Duration.parse(value.strip());
        } catch (java.time.format.DateTimeParseException bad) {
            throw new IllegalArgumentException(field + " must be an ISO-8601 duration like P2D, was '" + value + "'");
        }
    }

    static LocalDate date(Map<String, Object> e, String field) {
        String value = text(e, field);
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException bad) {
            throw new IllegalArgumentException(field + " must be a UTC date like 2026-11-01, was '" + value + "'");
        }
    }

    static String text(Map<String, Object> e, String field) {
        Object value = e.get(field);
        if (value == null || value.toString().isBlank()) {
            throw new IllegalArgumentException("mode '" + e.get("mode") + "' needs the field '" + field + "'");
        }
        return value.toString().strip();
    }
}
