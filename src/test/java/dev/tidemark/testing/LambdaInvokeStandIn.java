package dev.tidemark.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The Lambda Invoke API ({@code POST /2015-03-31/functions/{name}/invocations}) in front of a handler in this JVM.
 * Lambda itself cannot run here (moto runs functions in Docker), so when moto's Step Functions executes the
 * template's state machine, its invocations of the alias land here, on the real handler. A thrown exception is
 * answered as Lambda answers an unhandled error ({@code X-Amz-Function-Error: Unhandled}, errorType and
 * errorMessage), which Step Functions turns into a failed task named by the exception type.
 */
public final class LambdaInvokeStandIn implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    private final ExecutorService workers;

    /** @param handlers one handler per worker thread, as each Lambda container has its own */
    @SuppressWarnings("unchecked")
    public LambdaInvokeStandIn(Supplier<Function<Map<String, Object>, Map<String, Object>>> handlers) throws IOException {
        ThreadLocal<Function<Map<String, Object>, Map<String, Object>>> perThread = ThreadLocal.withInitial(handlers);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        workers = Executors.newFixedThreadPool(16);
        server.setExecutor(workers);
        server.createContext("/2015-03-31/functions/", exchange -> {
            try (exchange) {
                Map<String, Object> event = JSON.readValue(exchange.getRequestBody(), Map.class);
                try {
                    respond(exchange, null, perThread.get().apply(event));
                } catch (RuntimeException failure) {
                    Map<String, Object> error = new LinkedHashMap<>();
                    error.put("errorMessage", String.valueOf(failure.getMessage()));
                    error.put("errorType", failure.getClass().getName());
                    respond(exchange, "Unhandled", error);
                }
            }
        });
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void respond(HttpExchange exchange, String functionError, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("X-Amz-Executed-Version", "1");
        if (functionError != null) {
            exchange.getResponseHeaders().add("X-Amz-Function-Error", functionError);
        }
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }
}
