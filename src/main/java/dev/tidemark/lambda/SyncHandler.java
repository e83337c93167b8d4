package dev.tidemark.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.tidemark.app.Tidemark;
import dev.tidemark.app.TidemarkConfig;
import dev.tidemark.sync.HealthCheck;
import dev.tidemark.sync.RunRecord;
import dev.tidemark.sync.TimeBudget;

import org.slf4j.MDC;

import java.time.Duration;
import java.util.List;
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
    private static volatile HealthCheck sharedHealth;
    /** Held here because the runtime's context holds its resources weakly. */
    private static final SnapStartPriming SNAPSTART = SnapStartPriming.register(SyncHandler::discardShared);

    private final Supplier<Tidemark> application;
    private final Supplier<HealthCheck> health;

    /**
     * Used by the Lambda runtime: one application per container, built on first use and kept warm. Nothing is
     * built here, so a SnapStart snapshot holds no connection, client or secret.
     */
    public SyncHandler() {
        this(SyncHandler::sharedApplication, SyncHandler::sharedHealthCheck);
    }

    /** Used by tests: an application built elsewhere. */
    public SyncHandler(Supplier<Tidemark> application) {
        this(application, () -> {
            throw new IllegalStateException("no health check configured");
        });
    }

    /** Used by tests: an application and a health check built elsewhere. */
    public SyncHandler(Supplier<Tidemark> application, Supplier<HealthCheck> health) {
        this.application = application;
        this.health = health;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        if (context != null) {
            MDC.put("awsRequestId", context.getAwsRequestId());
        }
        try {
            return handle(TriggerEvent.parse(event), event, context);
        } finally {
            MDC.clear();
        }
    }

    private Map<String, Object> handle(TriggerEvent trigger, Map<String, Object> event, Context context) {
        if (trigger.mode().equals("health")) {
            return RunResponses.toMap(health.get().check());
        }
        TimeBudget budget = context == null ? TimeBudget.UNLIMITED
                : () -> Duration.ofMillis(context.getRemainingTimeInMillis());
        return switch (trigger.mode()) {
            case "scheduled", "backfill", "rerun", "reconcile" -> {
                Tidemark app = application.get();
                app.beginInvocation();
                List<RunRecord> runs = app.sync().run(RunRequests.parse(trigger, event), budget);
                yield runs.size() == 1 ? RunResponses.toMap(runs.getFirst()) : RunResponses.toMap(runs);
            }
            case "plan", "slice", "summary" -> {
                Tidemark app = application.get();
                app.beginInvocation();
                yield BackfillSteps.handle(app.backfills(), app.reconcileFanOut(), trigger.mode(), event, budget);
            }
            default -> throw new IllegalArgumentException("unsupported mode '" + trigger.mode()
                    + "'; supported: scheduled, backfill, rerun, reconcile, health, plan, slice, summary");
        };
    }

    private static HealthCheck sharedHealthCheck() {
        HealthCheck check = sharedHealth;
        if (check == null) {
            synchronized (SyncHandler.class) {
                check = sharedHealth;
                if (check == null) {
                    check = Tidemark.builder(TidemarkConfig.fromEnvironment()).buildHealthCheck();
                    sharedHealth = check;
                }
            }
        }
        return check;
    }

    /**
     * Builds the shared application and walks the request path once without side effects (see
     * {@link Priming}); for the init phase of a function without SnapStart.
     */
    public static void prime() {
        Priming.prime(sharedApplication());
    }

    /** The SnapStart hooks this class registered (the benchmark runs them by hand). */
    public static SnapStartPriming snapStart() {
        return SNAPSTART;
    }

    /** After a SnapStart restore: what was built before the snapshot is not reused (credentials, secret, pool). */
    private static void discardShared() {
        synchronized (SyncHandler.class) {
            Tidemark app = shared;
            shared = null;
            sharedHealth = null;
            if (app != null) {
                app.close();
            }
        }
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
