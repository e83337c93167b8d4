package dev.tidemark.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import dev.tidemark.app.ConfigException;
import dev.tidemark.app.TidemarkConfig;
import dev.tidemark.dynamodb.SourceTable;
import dev.tidemark.sync.RunCounts;
import dev.tidemark.sync.RunRecord;
import dev.tidemark.sync.RunStatus;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.Context.BeforeTransmission;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * SnapStart's hooks. Lambda takes the snapshot once, when it publishes a version, and restores it for every cold
 * start; whatever is loaded and initialized before it is not paid again.
 *
 * <p>Before the snapshot: the parser on a sample item, Jackson, the handler's event and response mapping, each SDK
 * client's request path up to the wire (marshalling, endpoint rules, signing with dummy credentials; the request
 * is stopped before it is sent), and the JDBC driver, pool and Flyway classes. It opens no connection, reads no
 * secret and keeps no client: the snapshot is shared by every container restored from it, and must carry neither
 * a password nor a socket nor credentials.
 *
 * <p>After a restore: any application built before the snapshot is dropped, so the first invocation reads the
 * secret, builds the pool and resolves credentials afresh (normally none was built: the handler builds lazily).
 */
public final class SnapStartPriming implements Resource {
    private static final Logger log = LoggerFactory.getLogger(SnapStartPriming.class);

    private final Supplier<Map<String, String>> environment;
    private final Runnable discardApplication;

    public SnapStartPriming(Supplier<Map<String, String>> environment, Runnable discardApplication) {
        this.environment = environment;
        this.discardApplication = discardApplication;
    }

    /** Registers with the runtime's global context, which holds it only weakly: keep the returned reference. */
    static SnapStartPriming register(Runnable discardApplication) {
        SnapStartPriming priming = new SnapStartPriming(System::getenv, discardApplication);
        Core.getGlobalContext().register(priming);
        return priming;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        long started = System.nanoTime();
        List<String> primed = prime();
        log.info("SnapStart priming before the snapshot: {} in {} ms", primed, (System.nanoTime() - started) / 1_000_000);
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        discardApplication.run();
    }

    /** What was primed, in order. */
    public List<String> prime() {
        Map<String, String> env = environment.get();
        List<String> primed = new ArrayList<>();
        TidemarkConfig config = configOrDefaults(env);
        Priming.parseSample(config);
        primed.add("parser");
        Map<String, Object> event = Map.of("id", "priming", "detail-type", "Scheduled Event", "source", "aws.events");
        RunRequests.parse(TriggerEvent.parse(event), event);
        RunResponses.toMap(new RunRecord("priming", "scheduled", "schedule", "priming", Instant.EPOCH, Instant.EPOCH,
                List.of(), 0, RunCounts.ZERO, Map.of(), null, null, RunStatus.SUCCEEDED, null, false, Instant.EPOCH,
                Instant.EPOCH));
        primed.add("events");
        primeJackson();
        primed.add("jackson");
        Region region = Region.of(env.getOrDefault("AWS_REGION", "us-east-1"));
        SourceTable table = config.table();
        primed.add(stopBeforeSending("dynamodb", DynamoDbClient.builder(), region, c -> c.query(q -> q.tableName(table.tableName())
                .indexName(table.indexName()).keyConditionExpression("#p = :p")
                .expressionAttributeNames(Map.of("#p", table.partitionAttribute()))
                .expressionAttributeValues(Map.of(":p", AttributeValue.fromS("1970-01-01"))))));
        primed.add(stopBeforeSending("ssm", SsmClient.builder(), region,
                c -> c.getParameter(r -> r.name(config.checkpointParameter()))));
        primed.add(stopBeforeSending("secretsmanager", SecretsManagerClient.builder(), region,
                c -> c.getSecretValue(r -> r.secretId("priming"))));
        primed.add(stopBeforeSending("cloudwatch", CloudWatchClient.builder(), region,
                c -> c.putMetricData(r -> r.namespace(config.metricsNamespace()))));
        primeDatabaseClasses(config);
        primed.add("jdbc");
        return primed;
    }

    private static TidemarkConfig configOrDefaults(Map<String, String> env) {
        try {
            return TidemarkConfig.fromEnvironment(env);
        } catch (ConfigException incomplete) {
            // Priming needs the names, not a usable database: fall back to the defaults.
            return TidemarkConfig.fromEnvironment(Map.of(TidemarkConfig.ENV_DB_URL, "jdbc:postgresql://priming/priming",
                    TidemarkConfig.ENV_DB_USER, "priming"));
        }
    }

    private static void primeJackson() {
        ObjectMapper json = new ObjectMapper().findAndRegisterModules();
        try {
            JsonNode node = json.readTree("{\"watermark\":\"2026-01-01T00:00:00Z\",\"runId\":\"priming\",\"n\":1.5}");
            json.writeValueAsString(node);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void primeDatabaseClasses(TidemarkConfig config) {
        new org.postgresql.Driver().acceptsURL(config.databaseUrl() == null ? "jdbc:postgresql://x/y"
                : config.databaseUrl());
        new HikariConfig().setPoolName("priming");
        Flyway.configure().locations("classpath:db/migration");
    }

    /** Stops a request where it would be sent. */
    private static final class StopBeforeSending extends RuntimeException {
        StopBeforeSending() {
            super("priming: stopped before sending", null, false, false);
        }
    }

    private static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C extends AutoCloseable> String
            stopBeforeSending(String name, B builder, Region region, Consumer<C> call) {
        ExecutionInterceptor stop = new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(BeforeTransmission context, ExecutionAttributes attributes) {
                throw new StopBeforeSending();
            }
        };
        C client = builder.region(region)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("priming", "priming")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(ClientOverrideConfiguration.builder().addExecutionInterceptor(stop).build())
                .build();
        try (client) {
            call.accept(client);
            throw new IllegalStateException(name + ": a priming request was not stopped before sending");
        } catch (StopBeforeSending expected) {
            return name;
        } catch (Exception e) {
            if (e.getCause() instanceof StopBeforeSending || e instanceof RuntimeException r && hasStop(r)) {
                return name;
            }
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
    }

    private static boolean hasStop(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof StopBeforeSending) {
                return true;
            }
        }
        return false;
    }
}
