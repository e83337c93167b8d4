package dev.tidemark.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.io.IOException;

/**
 * Database credentials from a Secrets Manager secret in the JSON shape RDS writes:
 * {@code {"username":"…","password":"…","host":"…","port":5432,"dbname":"…","engine":"postgres"}}
 * ({@code host}, {@code port} and {@code dbname} only in the older, non-managed shape).
 *
 * <p>The secret is read when the application is built — on the first invocation after a SnapStart restore, so
 * neither the password nor a connection is in the snapshot — and again when PostgreSQL rejects the password it
 * gave (see {@code RefreshingDataSource}). No message from here ever carries the secret value.
 */
public final class SecretsManagerCredentials {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SecretsManagerCredentials() {
    }

    /**
     * @param configuredUrl the configured JDBC URL (wins over the secret's host/port/dbname), or null
     * @param configuredUser the configured user, used only when the secret has no username, or null
     */
    public static DatabaseCredentials read(SecretsManagerClient client, String secretId, String configuredUrl,
                                           String configuredUser) {
        String value = client.getSecretValue(r -> r.secretId(secretId)).secretString();
        if (value == null) {
            throw new IllegalStateException("secret " + secretId + " has no string value (binary secrets are not"
                    + " supported); store JSON with username and password");
        }
        return parse(secretId, value, configuredUrl, configuredUser);
    }

    static DatabaseCredentials parse(String secretId, String value, String configuredUrl, String configuredUser) {
        JsonNode node;
        try {
            node = JSON.readTree(value);
        } catch (IOException e) {
            // The parser's message would quote the secret: say only what is wrong with it.
            throw new IllegalStateException("secret " + secretId + " is not JSON; expected an object with"
                    + " username and password as RDS writes it");
        }
        if (node == null || !node.isObject()) {
            throw new IllegalStateException("secret " + secretId + " is not a JSON object with username and password");
        }
        String username = text(node, "username");
        String user = username != null ? username : configuredUser;
        String password = text(node, "password");
        String url = configuredUrl != null ? configuredUrl : urlFrom(node);
        if (user == null || password == null || url == null) {
            throw new IllegalStateException("secret " + secretId + " lacks "
                    + (user == null ? "username " : "") + (password == null ? "password " : "")
                    + (url == null ? "host/dbname (or set TIDEMARK_DB_URL)" : "").strip());
        }
        return new DatabaseCredentials(url, user, password);
    }

    /** TLS is required unless the operator configures a URL that says otherwise. */
    private static String urlFrom(JsonNode node) {
        String host = text(node, "host");
        String dbname = text(node, "dbname");
        if (host == null || dbname == null) {
            return null;
        }
        String port = text(node, "port");
        return "jdbc:postgresql://" + host + ":" + (port == null ? "5432" : port) + "/" + dbname + "?sslmode=require";
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText();
    }
}
