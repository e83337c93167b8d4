package dev.tidemark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidemark.app.Tidemark;
import dev.tidemark.app.TidemarkConfig;
import dev.tidemark.local.DynamoDbLocalServer;
import dev.tidemark.local.LocalStack;
import dev.tidemark.sync.RunRecord;
import dev.tidemark.sync.RunStatus;
import dev.tidemark.sync.TimeBudget;
import dev.tidemark.testing.Sql;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12: {@code bin/tidemark demo --serve} starts what {@code sam local invoke} and the CLI need, reachable
 * from a container: the table with its GSI and items (visible whatever credentials sign), PostgreSQL listening on
 * every interface with password login for other hosts, moto with the database secret; the printed environment
 * runs a sync.
 */
class LocalStackTest {
    private static LocalStack stack;
    private static TidemarkConfig defaults;

    @BeforeAll
    static void start() {
        defaults = TidemarkConfig.fromEnvironment(Map.of(TidemarkConfig.ENV_DB_URL, "jdbc:postgresql://x/y",
                TidemarkConfig.ENV_DB_USER, "u"));
        stack = LocalStack.start(new LocalStack.Ports(DynamoDbLocalServer.freePort(), DynamoDbLocalServer.freePort(),
                DynamoDbLocalServer.freePort()), defaults.table(), 2, 50);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void theTableAndItsIndexAreSeededAndVisibleWhateverCredentialsTheContainerSignsWith() {
        try (DynamoDbClient other = dynamoDb(stack.dynamoDbEndpoint(), "AKIAOTHERDEVELOPER", "eu-west-1")) {
            TableDescription table = other.describeTable(r -> r.tableName(defaults.table().tableName())).table();
            assertThat(table.globalSecondaryIndexes()).extracting(i -> i.indexName())
                    .containsExactly(defaults.table().indexName());
            assertThat(other.scan(r -> r.tableName(defaults.table().tableName()).select("COUNT")).count())
                    .isEqualTo(stack.items()).isGreaterThanOrEqualTo(100);
        }
    }

    @Test
    void postgresListensOnEveryInterfaceAndAsksOtherHostsForThePassword() throws Exception {
        try (var c = DriverManager.getConnection(stack.jdbcUrl(), LocalStack.USER, LocalStack.PASSWORD);
             var s = c.createStatement()) {
            var listen = s.executeQuery("SHOW listen_addresses");
            listen.next();
            assertThat(listen.getString(1)).isEqualTo("*");
            var rules = s.executeQuery("SELECT count(*) FROM pg_hba_file_rules WHERE address IN ('0.0.0.0', '::')"
                    + " AND auth_method = 'scram-sha-256' AND error IS NULL");
            rules.next();
            assertThat(rules.getInt(1)).isEqualTo(2);
        }
    }

    @Test
    void thePrintedEnvironmentAndTheSecretRunASync() {
        Map<String, String> env = LocalEnvironment.forCli(stack, defaults);
        StringWriter printed = new StringWriter();
        LocalEnvironment.print(new PrintWriter(printed), stack, defaults);
        env.forEach((name, value) -> assertThat(printed.toString()).contains("export " + name + "=" + value));

        // As the function in the container would: the credentials from the secret named in events/local-env.json.
        Map<String, String> function = new HashMap<>(env);
        function.remove(TidemarkConfig.ENV_DB_USER);
        function.remove(TidemarkConfig.ENV_DB_PASSWORD);
        function.put(TidemarkConfig.ENV_DB_SECRET_ID, LocalStack.SECRET_NAME);
        URI moto = URI.create(env.get("AWS_ENDPOINT_URL_SSM"));
        try (DynamoDbClient dynamo = dynamoDb(URI.create(env.get("AWS_ENDPOINT_URL_DYNAMODB")), "local", LocalStack.REGION);
             SsmClient ssm = SsmClient.builder().endpointOverride(moto).region(Region.of(LocalStack.REGION))
                     .credentialsProvider(credentials("local")).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
             SecretsManagerClient secrets = SecretsManagerClient.builder().endpointOverride(moto)
                     .region(Region.of(LocalStack.REGION)).credentialsProvider(credentials("local"))
                     .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
             Tidemark app = Tidemark.builder(TidemarkConfig.fromEnvironment(function)).dynamoDb(dynamo).ssm(ssm)
                     .secretsManager(secrets).build()) {
            RunRecord run = app.sync().runScheduled("local", null, TimeBudget.UNLIMITED);
            assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(run.counts().fetched()).isPositive();
            assertThat(Sql.count(app.dataSource(), "SELECT count(*) FROM content")).isPositive();
        }
    }

    @Test
    void eventsLocalEnvPointsAtTheDefaultPortsTheDatabaseAndTheSecret() throws IOException {
        JsonNode local = new ObjectMapper().readTree(Files.readString(Path.of("events", "local-env.json")));
        LocalStack.Ports ports = LocalStack.Ports.DEFAULT;
        for (String function : new String[]{"SyncFunction", "HealthFunction"}) {
            Map<String, String> env = Map.of(TidemarkConfig.ENV_ENDPOINT_URLS,
                    local.at("/" + function + "/" + TidemarkConfig.ENV_ENDPOINT_URLS).asText(),
                    TidemarkConfig.ENV_DB_URL, "jdbc:postgresql://h/d", TidemarkConfig.ENV_DB_USER, "u");
            assertThat(TidemarkConfig.fromEnvironment(env).endpointOverrides()).as(function).isEqualTo(Map.of(
                    "dynamodb", URI.create("http://host.docker.internal:" + ports.dynamoDb()),
                    "ssm", URI.create("http://host.docker.internal:" + ports.moto()),
                    "secretsmanager", URI.create("http://host.docker.internal:" + ports.moto()),
                    "cloudwatch", URI.create("http://host.docker.internal:" + ports.moto())));
        }
        assertThat(local.at("/SyncFunction/TIDEMARK_DB_URL").asText())
                .isEqualTo("jdbc:postgresql://host.docker.internal:" + ports.postgres() + "/" + LocalStack.DATABASE);
        assertThat(local.at("/SyncFunction/TIDEMARK_DB_SECRET_ID").asText()).isEqualTo(LocalStack.SECRET_NAME);
    }

    private static DynamoDbClient dynamoDb(URI endpoint, String accessKey, String region) {
        return DynamoDbClient.builder().endpointOverride(endpoint).region(Region.of(region))
                .credentialsProvider(credentials(accessKey)).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    private static StaticCredentialsProvider credentials(String accessKey) {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, "secret"));
    }
}
