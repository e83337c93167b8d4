package dev.tidemark.local;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * {@code moto_server} (SSM, CloudWatch, Secrets Manager) started by this JVM and stopped by the process it started:
 * on a free loopback port for the tests, or on a fixed port on every interface for {@code bin/tidemark demo
 * --serve}, where a {@code sam local invoke} container reaches it through the Docker host. Fails with a clear
 * message if moto is not installed.
 */
public final class MotoServer implements AutoCloseable {
    private final Process process;
    private final URI endpoint;

    private MotoServer(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    public static MotoServer start() {
        return start("127.0.0.1", DynamoDbLocalServer.freePort(), Map.of());
    }

    /** A moto_server of its own, with extra environment (e.g. {@code MOTO_PORT}, where moto sends its own calls). */
    public static MotoServer start(Map<String, String> environment) {
        return start("127.0.0.1", DynamoDbLocalServer.freePort(), environment);
    }

    /** @param host the address to listen on: {@code 0.0.0.0} for every interface */
    public static MotoServer start(String host, int port) {
        return start(host, port, Map.of());
    }

    private static MotoServer start(String host, int port, Map<String, String> environment) {
        String executable = findExecutable();
        try {
            Path log = Files.createTempFile("moto-server", ".log");
            ProcessBuilder builder = new ProcessBuilder(executable, "-H", host, "-p", Integer.toString(port));
            builder.environment().putAll(environment);
            Process process = builder
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            awaitPort(process, port, log);
            return new MotoServer(process, URI.create("http://127.0.0.1:" + port));
        } catch (IOException e) {
            throw new IllegalStateException("could not start moto_server", e);
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** Whether {@link #start} can find {@code moto_server}. */
    public static boolean installed() {
        try {
            findExecutable();
            return true;
        } catch (IllegalStateException missing) {
            return false;
        }
    }

    private static String findExecutable() {
        String configured = System.getenv("MOTO_SERVER");
        if (configured != null && new File(configured).canExecute()) {
            return configured;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File candidate = new File(dir, "moto_server");
            if (candidate.canExecute()) {
                return candidate.getPath();
            }
        }
        throw new IllegalStateException("moto_server is not installed or not on PATH. Tidemark uses it as the local "
                + "SSM / CloudWatch / Secrets Manager endpoint: pip install 'moto[server]==5.2.1'");
    }

    private static void awaitPort(Process process, int port, Path log) throws IOException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("moto_server exited: " + Files.readString(log));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("moto_server did not listen on port " + port + " within 60 s: "
                + Files.readString(log));
    }
}
