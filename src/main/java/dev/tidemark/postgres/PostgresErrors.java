package dev.tidemark.postgres;

import java.sql.SQLException;
import java.util.Set;

/** What a PostgreSQL failure means, read from the SQLSTATEs anywhere in its cause chain. */
final class PostgresErrors {
    /** The server ended the session (admin command, crash, shutdown); class 08 is the connection itself. */
    private static final Set<String> SESSION_ENDED = Set.of("57P01", "57P02", "57P03");
    /** invalid_password, invalid_authorization_specification: the credentials, not the network. */
    private static final Set<String> AUTHENTICATION = Set.of("28P01", "28000");

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
}
