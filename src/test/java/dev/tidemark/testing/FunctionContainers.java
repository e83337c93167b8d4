package dev.tidemark.testing;

import dev.tidemark.app.Tidemark;
import dev.tidemark.app.TidemarkConfig;
import dev.tidemark.lambda.SyncHandler;
import dev.tidemark.sync.MappedSink;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;

/**
 * Stand-ins for warm Lambda containers of the sync function: each has its own application and its own small pool
 * (TIDEMARK_DB_POOL_SIZE 2, as a slice's should be) on the test stack, and its handler.
 */
public final class FunctionContainers implements AutoCloseable {
    private final TestStack stack;
    private final Clock clock;
    private final ConcurrentLinkedQueue<Tidemark> apps = new ConcurrentLinkedQueue<>();

    public FunctionContainers(TestStack stack, Clock clock) {
        this.stack = stack;
        this.clock = clock;
    }

    public Function<Map<String, Object>, Map<String, Object>> handler() {
        return handler(null);
    }

    /** @param sink replaces the PostgreSQL page writer (a failing one), or null */
    public Function<Map<String, Object>, Map<String, Object>> handler(MappedSink sink) {
        Map<String, String> env = new HashMap<>(stack.environment());
        env.put(TidemarkConfig.ENV_DB_POOL_SIZE, "2");
        env.put(TidemarkConfig.ENV_PAGE_SIZE, "25");
        Tidemark app = Tidemark.builder(TidemarkConfig.fromEnvironment(env)).dynamoDb(stack.dynamoDb).ssm(stack.ssm)
                .mappedSink(sink).clock(clock).build();
        apps.add(app);
        SyncHandler handler = new SyncHandler(() -> app);
        return event -> handler.handleRequest(event, null);
    }

    public int started() {
        return apps.size();
    }

    public String checkpoint() {
        return stack.ssm.getParameter(r -> r.name(stack.checkpointParameter)).parameter().value();
    }

    @Override
    public void close() {
        apps.forEach(Tidemark::close);
    }
}
