package dev.tidemark.secrets;

import dev.tidemark.app.Tidemark;
import dev.tidemark.app.TidemarkConfig;
import dev.tidemark.testing.AwsTestClients;
import dev.tidemark.testing.Sql;
import dev.tidemark.testing.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue 5: database credentials come from a Secrets Manager secret (moto), and the password never shows. */
class SecretsManagerCredentialsTest {
    private static final String PASSWORD = "s3cr3t-Pa55word!";
    private static TestStack stack;
    private static SecretsManagerClient secrets;

    @BeforeAll
    static void start() {
        stack = TestStack.forClass(SecretsManagerCredentialsTest.class);
        secrets = AwsTestClients.secretsManager(TestStack.motoEndpoint());
    }

    @AfterAll
    static void stop() {
        secrets.close();
        stack.close();
    }

    @Test
    void rdsManagedSecretGivesUserAndPasswordAndTheConfiguredUrlWins() {
        String id = secret("managed", "{\"username\":\"tidemark_app\",\"password\":\"" + PASSWORD + "\"}");

        DatabaseCredentials c = SecretsManagerCredentials.read(secrets, id, "jdbc:postgresql://db:5432/x", null);

        assertThat(c.username()).isEqualTo("tidemark_app");
        assertThat(c.password()).isEqualTo(PASSWORD);
        assertThat(c.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/x");
        assertThat(c.toString()).doesNotContain(PASSWORD).contains("***");
    }

    @Test
    void secretWithHostAndDbnameGivesATlsUrl() {
        String id = secret("full", "{\"engine\":\"postgres\",\"host\":\"db.internal\",\"port\":6543,"
                + "\"dbname\":\"meta\",\"username\":\"u\",\"password\":\"" + PASSWORD + "\"}");

        DatabaseCredentials c = SecretsManagerCredentials.read(secrets, id, null, null);

        assertThat(c.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6543/meta?sslmode=require");
    }

    @Test
    void malformedSecretsFailClearlyWithoutQuotingTheValue() {
        String notJson = secret("not-json", "password=" + PASSWORD);
        String noPassword = secret("no-password", "{\"username\":\"u\",\"pass\":\"" + PASSWORD + "\"}");

        assertThatThrownBy(() -> SecretsManagerCredentials.read(secrets, notJson, "jdbc:postgresql://h/d", null))
                .hasMessageContaining("is not JSON").hasMessageNotContaining(PASSWORD).hasNoCause();
        assertThatThrownBy(() -> SecretsManagerCredentials.read(secrets, noPassword, "jdbc:postgresql://h/d", null))
                .hasMessageContaining("lacks password").hasMessageNotContaining(PASSWORD);
    }

    @Test
    void applicationConnectsWithTheSecretsUserAndNeedsNoUserOrPasswordInTheEnvironment() {
        String id = secret("app", "{\"username\":\"postgres\",\"password\":\"" + PASSWORD + "\"}");
        Map<String, String> env = new HashMap<>(stack.environment());
        env.remove(TidemarkConfig.ENV_DB_USER);
        env.put(TidemarkConfig.ENV_DB_SECRET_ID, id);
        TidemarkConfig config = TidemarkConfig.fromEnvironment(env);
        assertThat(config.databaseUser()).isNull();
        assertThat(config.databasePassword()).isNull();

        try (Tidemark app = Tidemark.builder(config).dynamoDb(stack.dynamoDb).ssm(stack.ssm)
                .secretsManager(secrets).build()) {
            assertThat(Sql.row(app.dataSource(), "SELECT current_user AS u, current_database() AS d"))
                    .containsEntry("u", "postgres").containsEntry("d", stack.name);
            assertThat(Sql.count(app.dataSource(), "SELECT count(*) FROM flyway_schema_history WHERE success"))
                    .isPositive();
        }
    }

    @Test
    void withoutASecretTheUserAndUrlAreRequired() {
        Map<String, String> env = new HashMap<>(stack.environment());
        env.remove(TidemarkConfig.ENV_DB_USER);
        env.remove(TidemarkConfig.ENV_DB_URL);

        assertThatThrownBy(() -> TidemarkConfig.fromEnvironment(env))
                .hasMessageContaining(TidemarkConfig.ENV_DB_URL + " is required")
                .hasMessageContaining(TidemarkConfig.ENV_DB_USER + " is required");
    }

    private static String secret(String name, String value) {
        return secrets.createSecret(r -> r.name("tidemark/" + stack.name + "/" + name).secretString(value)).arn();
    }
}
