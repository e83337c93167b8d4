package dev.tidemark.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Connects to the JDBC URL in {@code args[0]} as {@code postgres} and prints {@code encrypted} or the one-line
 * reason it could not. Run in a JVM of its own by {@link TlsVerificationTest}, whose trust store (a JVM-wide setting)
 * holds the test's CA.
 */
public final class ConnectProbe {
    private ConnectProbe() {
    }

    public static void main(String[] args) {
        try (Connection c = DriverManager.getConnection(args[0], "postgres", null);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
            System.out.println(rs.next() && rs.getBoolean(1) ? "encrypted" : "plain");
        } catch (SQLException e) {
            System.out.println(PostgresErrors.oneLine(e));
        }
    }
}
