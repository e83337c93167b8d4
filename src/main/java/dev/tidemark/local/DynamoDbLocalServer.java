package dev.tidemark.local;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * DynamoDB Local, in this JVM, serving HTTP on a free loopback port, in memory. Real DynamoDB semantics
 * (key conditions, pagination, GSIs) over the same SDK client and HTTP path production uses.
 */
public final class DynamoDbLocalServer implements AutoCloseable {
    private final DynamoDBProxyServer server;
    private final URI endpoint;

    private DynamoDbLocalServer(DynamoDBProxyServer server, URI endpoint) {
        this.server = server;
        this.endpoint = endpoint;
    }

    public static DynamoDbLocalServer start() {
        return start(freePort(), false);
    }

    /**
     * @param sharedDb one database for every access key and region: a {@code sam local invoke} container signs
     *                 with whatever credentials the developer's shell has, and must still see the table
     */
    public static DynamoDbLocalServer start(int port, boolean sharedDb) {
        prepareNativeLibrary();
        try {
            String[] args = sharedDb
                    ? new String[] {"-inMemory", "-sharedDb", "-port", Integer.toString(port), "-disableTelemetry"}
                    : new String[] {"-inMemory", "-port", Integer.toString(port), "-disableTelemetry"};
            DynamoDBProxyServer server = withoutStartupBanner(() -> ServerRunner.createServerFromCommandLineArgs(args));
            server.start();
            return new DynamoDbLocalServer(server, URI.create("http://127.0.0.1:" + port));
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not start", e);
        }
    }

    /**
     * ServerRunner prints its configuration to standard output, with no option to stop it. That is noise on a
     * new user's first screen (the demo) and in every test log, so standard output is held back while it runs.
     */
    private static synchronized DynamoDBProxyServer withoutStartupBanner(ServerFactory factory) throws Exception {
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8));
        try {
            return factory.create();
        } finally {
            System.setOut(stdout);
        }
    }

    @FunctionalInterface
    private interface ServerFactory {
        DynamoDBProxyServer create() throws Exception;
    }

    public URI endpoint() {
        return endpoint;
    }

    public DynamoDbClient client() {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception ignored) {
            // shutting down
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * DynamoDB Local stores tables in SQLite through sqlite4java, whose native library Maven puts on the
     * class path as a bare {@code .so} file. sqlite4java looks for it by its unversioned name in
     * {@code sqlite4java.library.path}, so copy it there once.
     */
    private static synchronized void prepareNativeLibrary() {
        if (System.getProperty("sqlite4java.library.path") != null) {
            return;
        }
        String wanted = "libsqlite4java-linux-amd64";
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path path = Path.of(entry);
            String name = path.getFileName() == null ? "" : path.getFileName().toString();
            if (name.startsWith(wanted) && name.endsWith(".so")) {
                try {
                    Path dir = Files.createTempDirectory("tidemark-sqlite4java");
                    Files.copy(path, dir.resolve(wanted + ".so"), StandardCopyOption.REPLACE_EXISTING);
                    dir.toFile().deleteOnExit();
                    dir.resolve(wanted + ".so").toFile().deleteOnExit();
                    System.setProperty("sqlite4java.library.path", dir.toString());
                    return;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        throw new IllegalStateException(wanted + "*.so is not on the class path; DynamoDB Local cannot start");
    }
}
