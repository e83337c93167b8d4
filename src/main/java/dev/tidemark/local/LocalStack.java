package dev.tidemark.local;

import dev.tidemark.dynamodb.SourceTable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The local services for {@code sam local invoke} and for {@code bin/tidemark}, on fixed ports and on every
 * interface (a container reaches them through the Docker host): DynamoDB Local with the source table, its GSI and
 * seeded items; PostgreSQL with the database; {@code moto_server} (if installed) with the database secret
 * ({@code moto} and {@code secretArn} are null without it).
 */
public record LocalStack(DynamoDbLocalServer dynamo, EmbeddedPostgresServer postgres, MotoServer moto, String jdbcUrl,
                         String secretArn, int items) implements AutoCloseable {
    public static final String DATABASE = "tidemark";
    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";
    public static final String SECRET_NAME = "tidemark/local";
    public static final String REGION = "us-east-1";

    /** The ports {@code events/local-env.json} expects. */
    public record Ports(int dynamoDb, int postgres, int moto) {
        public static final Ports DEFAULT = new Ports(8000, 5432, 5000);
    }

    public static LocalStack start(Ports ports, SourceTable table, int days, int perDay) {
        DynamoDbLocalServer dynamo = DynamoDbLocalServer.start(ports.dynamoDb(), true);
        EmbeddedPostgresServer postgres = null;
        MotoServer moto = null;
        try {
            postgres = EmbeddedPostgresServer.startForContainers(ports.postgres(), PASSWORD);
            String jdbcUrl = postgres.createDatabase(DATABASE);
            int seeded;
            try (DynamoDbClient client = dynamo.client()) {
                SourceTables.create(client, table);
                var history = new DemoDataset(table, 20261122L)
                        .history(Instant.now().truncatedTo(ChronoUnit.MILLIS), days, perDay);
                SourceTables.putAll(client, table.tableName(), history);
                seeded = history.size();
            }
            String secretArn = null;
            if (MotoServer.installed()) {
                moto = MotoServer.start("0.0.0.0", ports.moto());
                try (SecretsManagerClient secrets = secretsManager(moto.endpoint())) {
                    secretArn = secrets.createSecret(r -> r.name(SECRET_NAME).secretString(
                            "{\"username\":\"" + USER + "\",\"password\":\"" + PASSWORD + "\"}")).arn();
                }
            }
            return new LocalStack(dynamo, postgres, moto, jdbcUrl, secretArn, seeded);
        } catch (RuntimeException e) {
            closeAll(moto, postgres, dynamo);
            throw e;
        }
    }

    public URI dynamoDbEndpoint() {
        return dynamo.endpoint();
    }

    /** Null when moto_server is not installed. */
    public URI motoEndpoint() {
        return moto == null ? null : moto.endpoint();
    }

    @Override
    public void close() {
        closeAll(moto, postgres, dynamo);
    }

    private static void closeAll(AutoCloseable... resources) {
        for (AutoCloseable r : resources) {
            if (r != null) {
                try {
                    r.close();
                } catch (Exception ignored) {
                    // stopping anyway
                }
            }
        }
    }

    private static SecretsManagerClient secretsManager(URI endpoint) {
        return SecretsManagerClient.builder().endpointOverride(endpoint).region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }
}
