package dev.tidemark.postgres;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/** One page, one transaction: committed whole, or rolled back and reported as a {@link PageWriteException}. */
final class PageTransaction {
    private PageTransaction() {
    }

    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** @param page what the page held, for the error message */
    static <T> T run(DataSource dataSource, String page, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                // On a dead connection the rollback fails too; the original failure is the one to report
                // (its SQLSTATE decides whether the page is retried).
                try {
                    c.rollback();
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                throw e;
            }
        } catch (SQLException e) {
            throw new PageWriteException(page + " was rolled back: " + e.getMessage(), e);
        }
    }
}
