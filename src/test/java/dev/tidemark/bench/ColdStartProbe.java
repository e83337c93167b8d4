package dev.tidemark.bench;

import dev.tidemark.lambda.SyncHandler;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Scenario 5, run in a fresh JVM on the Lambda jar: the function's init phase (the handler constructed,
 * and with {@code prime} the application built and primed), then one scheduled invocation on an empty
 * delta. Prints the wall-clock instants; the benchmark measures them from the moment it started the JVM.
 */
public final class ColdStartProbe {
    private ColdStartProbe() {
    }

    public static void main(String[] args) {
        SyncHandler handler = new SyncHandler();
        if (args.length > 0 && args[0].equals("prime")) {
            SyncHandler.prime();
        }
        if (args.length > 0 && args[0].equals("snapstart")) {
            // What Lambda runs around the snapshot; the restore itself (mapping the snapshot in) is not modelled.
            SyncHandler.snapStart().beforeCheckpoint(null);
            SyncHandler.snapStart().afterRestore(null);
        }
        System.out.println("READY " + System.currentTimeMillis());
        Map<String, Object> event = new HashMap<>();
        event.put("id", UUID.randomUUID().toString());
        event.put("detail-type", "Scheduled Event");
        event.put("source", "aws.events");
        Map<String, Object> response = handler.handleRequest(event, null);
        System.out.println("DONE " + System.currentTimeMillis() + " " + response.get("status") + " fetched="
                + response.get("fetched"));
        System.exit(0);
    }
}
