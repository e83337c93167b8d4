package dev.tidemark.lambda;

import java.util.Map;

/**
 * What invoked the function. An EventBridge schedule event carries {@code id}, {@code source} and
 * {@code detail-type: "Scheduled Event"}; its {@code id} identifies the delivery, so a duplicate delivery
 * of the same event is recognized. Anything else is a manual invocation.
 */
public record TriggerEvent(String trigger, String eventId, String mode) {

    public static TriggerEvent parse(Map<String, Object> event) {
        Map<String, Object> e = event == null ? Map.of() : event;
        boolean scheduled = "Scheduled Event".equals(e.get("detail-type"));
        Object id = e.get("id");
        Object mode = e.getOrDefault("mode", "scheduled");
        return new TriggerEvent(scheduled ? "schedule" : "manual", id == null ? null : id.toString(),
                String.valueOf(mode));
    }
}
