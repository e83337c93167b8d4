package dev.tidemark.lambda;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for the Lambda Runtime API (2018-06-01) on loopback: {@code GET /runtime/invocation/next} hands out
 * the given events one by one (then blocks, as Lambda does between invocations), and {@code POST …/response},
 * {@code …/error} and {@code /runtime/init/error} are collected as outcomes.
 */
final class LocalRuntimeApi implements AutoCloseable {
    private static final String PREFIX = "/2018-06-01/runtime/";

    record Outcome(String requestId, String body, String error) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final BlockingQueue<String> events;
    private final BlockingQueue<Outcome> outcomes = new LinkedBlockingQueue<>();
    private final CountDownLatch closed = new CountDownLatch(1);

    private LocalRuntimeApi(List<String> events) throws IOException {
        this.events = new LinkedBlockingQueue<>(events);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext(PREFIX, this::handle);
        server.start();
    }

    static LocalRuntimeApi start(List<String> events) {
        try {
            return new LocalRuntimeApi(events);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** host:port, as AWS_LAMBDA_RUNTIME_API carries it. */
    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** The next response or error, failing early if the function's JVM died. */
    Outcome awaitOutcome(Duration timeout, Process function) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            Outcome outcome = outcomes.poll(200, TimeUnit.MILLISECONDS);
            if (outcome != null) {
                return outcome;
            }
            if (!function.isAlive()) {
                throw new AssertionError("the runtime client exited with " + function.exitValue());
            }
        }
        throw new AssertionError("no response within " + timeout);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath().substring(PREFIX.length());
        try (exchange) {
            if (exchange.getRequestMethod().equals("GET") && path.equals("invocation/next")) {
                next(exchange);
                return;
            }
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (path.startsWith("invocation/") && path.endsWith("/response")) {
                outcomes.add(new Outcome(requestId(path), body, null));
            } else if (path.startsWith("invocation/") && path.endsWith("/error")) {
                outcomes.add(new Outcome(requestId(path), null, body));
            } else if (path.equals("init/error")) {
                outcomes.add(new Outcome(null, null, "init error: " + body));
            } else {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            exchange.sendResponseHeaders(202, -1);
        }
    }

    private void next(HttpExchange exchange) throws IOException {
        String event;
        try {
            event = events.poll();
            if (event == null) {
                closed.await();  // no more work: hold the request, as Lambda freezes an idle environment
                exchange.sendResponseHeaders(500, -1);
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        byte[] body = event.getBytes(StandardCharsets.UTF_8);
        var headers = exchange.getResponseHeaders();
        headers.add("Lambda-Runtime-Aws-Request-Id", UUID.randomUUID().toString());
        headers.add("Lambda-Runtime-Deadline-Ms", Long.toString(System.currentTimeMillis() + 900_000));
        headers.add("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:us-east-1:123456789012:function:tidemark-sync:live");
        headers.add("Lambda-Runtime-Trace-Id", "Root=1-674074f0-0123456789abcdef01234567;Parent=0123456789abcdef;Sampled=0");
        // The runtime interface client crashes the JVM on a /next reply without this header.
        headers.add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
    }

    private static String requestId(String path) {
        return path.substring("invocation/".length(), path.lastIndexOf('/'));
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
