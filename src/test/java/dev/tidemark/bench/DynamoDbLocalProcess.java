package dev.tidemark.bench;

import dev.tidemark.local.DynamoDbLocalServer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * DynamoDB Local in a JVM of its own, as DynamoDB is a service of its own. In the benchmark JVM its allocation
 * (half of the end-to-end run's, profiled) set off collections that stopped the writer thread too, 4 % of the run,
 * a cost no deployed sync pays and the sink-only row never saw. It still shares the machine's two cores.
 */
final class DynamoDbLocalProcess implements AutoCloseable {
    private static final String READY = "DYNAMODB-LOCAL-READY";
    private final Process process;
    private final URI endpoint;

    private DynamoDbLocalProcess(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    static DynamoDbLocalProcess start() {
        int port = DynamoDbLocalServer.freePort();
        List<String> command = List.of(Children.java().toString(), "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), DynamoDbLocalProcess.class.getName(), Integer.toString(port));
        try {
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            for (String line; (line = out.readLine()) != null; ) {
                if (line.equals(READY)) {
                    // Anything it prints later is drained, so a full pipe never blocks it.
                    Thread.ofPlatform().daemon().start(() -> out.lines().forEach(l -> { }));
                    return new DynamoDbLocalProcess(process, URI.create("http://127.0.0.1:" + port));
                }
            }
            throw new IllegalStateException("DynamoDB Local's JVM ended before it was ready: exit " + process.waitFor());
        } catch (IOException e) {
            throw new IllegalStateException("could not start DynamoDB Local's JVM", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    URI endpoint() {
        return endpoint;
    }

    /** Closing its standard input stops it; the one process this class started is ended if it does not. */
    @Override
    public void close() {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** The child: serves until its standard input closes (the benchmark ended, or died). */
    public static void main(String[] args) throws IOException {
        try (DynamoDbLocalServer server = DynamoDbLocalServer.start(Integer.parseInt(args[0]), false)) {
            System.out.println(READY);
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for end of input
            }
        }
    }
}
