package dev.tidemark.local;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** A real PostgreSQL server (zonky's embedded binaries), started by this process on a loopback port. */
public final class EmbeddedPostgresServer implements AutoCloseable {
    private final EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    public static EmbeddedPostgresServer start() {
        try {
            return new EmbeddedPostgresServer(builder(DynamoDbLocalServer.freePort()).start());
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not start", e);
        }
    }

    /**
     * On every interface, for a {@code sam local invoke} container that connects through the Docker host. Loopback
     * stays password-free as in {@link #start()}; any other address must log in as {@code postgres} with
     * {@code password}.
     */
    public static EmbeddedPostgresServer startForContainers(int port, String password) {
        try {
            EmbeddedPostgresServer server = new EmbeddedPostgresServer(builder(port)
                    .setServerConfig("listen_addresses", "*").start());
            try (Connection c = server.postgres.getPostgresDatabase().getConnection();
                 Statement s = c.createStatement()) {
                s.execute("ALTER ROLE postgres PASSWORD '" + password.replace("'", "''") + "'");
                ResultSet hba = s.executeQuery("SHOW hba_file");
                hba.next();
                Path file = Path.of(hba.getString(1));
                Files.writeString(file, Files.readString(file)
                        + "host all all 0.0.0.0/0 scram-sha-256\nhost all all ::/0 scram-sha-256\n");
                s.execute("SELECT pg_reload_conf()");
            }
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not start", e);
        } catch (SQLException e) {
            throw new IllegalStateException("could not open embedded PostgreSQL to containers", e);
        }
    }

    /**
     * Serving TLS with the given certificate (PEM, chain first) and private key (PEM, readable by this user only, as
     * PostgreSQL requires), for tests of certificate verification. Plain connections stay possible.
     */
    public static EmbeddedPostgresServer startWithTls(Path certificate, Path privateKey) {
        try {
            return new EmbeddedPostgresServer(builder(DynamoDbLocalServer.freePort())
                    .setServerConfig("ssl", "on")
                    .setServerConfig("ssl_cert_file", certificate.toAbsolutePath().toString())
                    .setServerConfig("ssl_key_file", privateKey.toAbsolutePath().toString())
                    .start());
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL with TLS did not start", e);
        }
    }

    private static EmbeddedPostgres.Builder builder(int port) {
        return EmbeddedPostgres.builder()
                .setPort(port)
                .setServerConfig("fsync", "off")
                .setServerConfig("synchronous_commit", "off")
                .setServerConfig("full_page_writes", "off")
                .setServerConfig("max_connections", "200");
    }

    public int port() {
        return postgres.getPort();
    }

    /** Creates a fresh, empty database and returns its JDBC URL (user {@code postgres}, no password). */
    public String createDatabase(String name) {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE \"" + name.replace("\"", "") + "\"");
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name, e);
        }
        return jdbcUrl(name);
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException ignored) {
            // shutting down
        }
    }
}
