package dev.tidemark.postgres;

import java.sql.SQLException;
import java.util.Set;

/** What a PostgreSQL failure means, read from the SQLSTATEs anywhere in its cause chain. */
final class PostgresErrors {
    /** The server ended the session (admin command, crash, shutdown); class 08 is the connection itself. */
    private static final Set<String> SESSION_ENDED = Set.of("57P01", "57P02", "57P03");
    /** invalid_password, invalid_authorization_specification: the credentials, not the network. */
    private static final Set<String> AUTHENTICATION = Set.of("28P01", "28000");

    /** pgjdbc's words when the certificate does not name the host (sslmode=verify-full). */
    private static final java.util.regex.Pattern UNVERIFIED_HOST =
            java.util.regex.Pattern.compile("The hostname (\\S+) could not be verified by hostnameverifier");

    private PostgresErrors() {
    }

    static boolean isConnectionLoss(Throwable failure) {
        return hasState(failure, s -> s.startsWith("08") || SESSION_ENDED.contains(s));
    }

    static boolean isAuthenticationFailure(Throwable failure) {
        return hasState(failure, AUTHENTICATION::contains);
    }

    /**
     * The driver's message (the innermost SQLException, which names the server) on one line, with its SQLSTATE:
     * the pool's and Flyway's wrappers add lines and dashes but not the reason.
     */
    static String oneLine(Throwable failure) {
        String tls = tlsProblem(failure);
        if (tls != null) {
            return tls;
        }
        Throwable reason = failure;
        String state = null;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                reason = t;
                state = sql.getSQLState();
            }
        }
        String message = reason.getMessage() == null ? reason.getClass().getSimpleName() : reason.getMessage();
        return message.replaceAll("\\s*\\R\\s*", " ").strip() + (state == null ? "" : " (SQLSTATE " + state + ")");
    }

    private static boolean hasState(Throwable failure, java.util.function.Predicate<String> wanted) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                for (SQLException e = sql; e != null; e = e.getNextException()) {
                    if (e.getSQLState() != null && wanted.test(e.getSQLState())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * A TLS handshake the client refused, in words: the server's certificate does not chain to a trusted CA, or does
     * not name the host the URL connects to (verify-full). Null for anything else.
     */
    static String tlsProblem(Throwable failure) {
        boolean handshake = false;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = t.getMessage() == null ? "" : t.getMessage();
            java.util.regex.Matcher unverified = UNVERIFIED_HOST.matcher(message);
            if (unverified.find()) {
                String host = unverified.group(1);
                return "TLS: the database server's certificate does not name the host " + host + " that the URL"
                        + " connects to (sslmode=verify-full); connect by a name the certificate carries (docs/security.md)";
            }
            if (t instanceof javax.net.ssl.SSLHandshakeException) {
                handshake = true;
            }
            if (handshake && (t instanceof java.security.cert.CertPathValidatorException
                    || t instanceof java.security.cert.CertPathBuilderException
                    || t.getClass().getName().endsWith("ValidatorException"))) {
                return "TLS: the database server's certificate is not signed by a CA this client trusts (sslrootcert,"
                        + " or the JDK trust store with sslfactory=org.postgresql.ssl.DefaultJavaSSLFactory);"
                        + " refusing to connect (docs/security.md)";
            }
            if (message.contains("The server does not support SSL")) {
                return "TLS: the database server does not offer TLS, and the URL requires it (sslmode)";
            }
        }
        return null;
    }
}
