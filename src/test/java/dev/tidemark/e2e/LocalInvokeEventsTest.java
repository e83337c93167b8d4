package dev.tidemark.e2e;

import dev.tidemark.app.Tidemark;
import dev.tidemark.lambda.SyncHandler;
import dev.tidemark.testing.Events;
import dev.tidemark.testing.SourceItems;
import dev.tidemark.testing.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12: invoking the function by hand (`sam local invoke -e events/…`) again and again. events/sync.json has
 * no event id, so it runs every time; events/scheduled.json is the real EventBridge event, with a fixed id, so its
 * second delivery is skipped as a duplicate, as the README says.
 */
class LocalInvokeEventsTest {
    private static TestStack stack;

    @BeforeAll
    static void start() {
        stack = TestStack.forClass(LocalInvokeEventsTest.class);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void theSyncEventRunsOnEveryInvokeAndTheScheduledEventOnlyOnce() {
        stack.reset();
        new SourceItems(stack, 11).put("item-1", Instant.now().minus(Duration.ofMinutes(20)));
        try (Tidemark app = stack.application(Map.of()).build()) {
            SyncHandler handler = new SyncHandler(() -> app);
            assertThat(handler.handleRequest(Events.load("sync.json"), null)).containsEntry("status", "succeeded");
            assertThat(handler.handleRequest(Events.load("sync.json"), null)).containsEntry("status", "succeeded");

            assertThat(handler.handleRequest(Events.load("scheduled.json"), null)).containsEntry("status", "succeeded");
            Map<String, Object> again = handler.handleRequest(Events.load("scheduled.json"), null);
            assertThat(again).containsEntry("status", "skipped");
            assertThat((String) again.get("error")).contains("duplicate delivery");
        }
    }
}
