package dev.tidemark.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.tidemark.app.Tidemark;
import dev.tidemark.app.TidemarkConfig;
import dev.tidemark.sync.RunRecord;
import dev.tidemark.sync.TimeBudget;

import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The Lambda entry point, kept thin: turn the event into a request, hand it to the application, turn the
 * run record into the response. A failed run throws (after recording itself), so Lambda's {@code Errors}
 * metric and its alarm see it.
 *
 * <p>The event type is a JSON map rather than {@code ScheduledEvent}: the hourly EventBridge event and the
 * manual ones ({@code {"mode":"backfill",…}}) share this handler, and a typed {@code ScheduledEvent} would
 * silently drop a manual event's fields.
 */
public final class SyncHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private static volatile Tidemark shared;

    private final Supplier<Tidemark> application;

    /** Used by the Lambda runtime: one application per container, built on first use and kept warm. */
    public SyncHandler() {
        this(SyncHandler::sharedApplication);
    }

    /** Used by tests: an application built elsewhere. */
    public SyncHandler(Supplier<Tidemark> application) {
        this.application = application;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        TriggerEvent trigger = TriggerEvent.parse(event);
        if (!trigger.mode().equals("scheduled")) {
            throw new IllegalArgumentException("unsupported mode '" + trigger.mode() + "'; supported: scheduled");
        }
        TimeBudget budget = context == null ? TimeBudget.UNLIMITED
                : () -> Duration.ofMillis(context.getRemainingTimeInMillis());
        RunRecord run = application.get().sync().runScheduled(trigger.trigger(), trigger.eventId(), budget);
        return RunResponses.toMap(run);
    }

    /**
     * Builds the shared application and walks the request path once without side effects (see
     * {@link Priming}); for the init phase or a SnapStart {@code beforeCheckpoint} hook.
     */
    public static void prime() {
        Priming.prime(sharedApplication());
    }

    private static Tidemark sharedApplication() {
        Tidemark app = shared;
        if (app == null) {
            synchronized (SyncHandler.class) {
                app = shared;
                if (app == null) {
                    app = Tidemark.builder(TidemarkConfig.fromEnvironment()).build();
                    shared = app;
                }
            }
        }
        return app;
    }
}
