package dev.tidemark.secrets;

import java.util.Objects;

/** Where and as whom to connect to PostgreSQL. The password is never part of {@link #toString()}. */
public record DatabaseCredentials(String jdbcUrl, String username, String password) {
    public DatabaseCredentials {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(username, "username");
    }

    @Override
    public String toString() {
        return "DatabaseCredentials[jdbcUrl=" + jdbcUrl + ", username=" + username + ", password="
                + (password == null ? "unset" : "***") + "]";
    }
}
