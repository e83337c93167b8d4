package dev.tidemark.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.api.client.AWSLambda;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidemark.app.TidemarkConfig;
import dev.tidemark.local.DemoDataset;
import dev.tidemark.local.SourceTables;
import dev.tidemark.testing.AwsTestClients;
import dev.tidemark.testing.CloudFormationYaml;
import dev.tidemark.testing.SamBuild;
import dev.tidemark.testing.Sql;
import dev.tidemark.testing.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.utilslite.SdkInternalThreadLocal;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 5: the packaged jar, loaded the way Lambda loads it. The real AWS Lambda Java runtime interface client
 * runs in its own JVM with what {@code sam build} deploys as its task root (issue 12: the Makefile's
 * {@code build-SyncFunction} output, the shaded jar unpacked; its working directory, like /var/task), the
 * handler string from template.yaml, and {@link LocalRuntimeApi} on loopback handing out events/scheduled.json
 * and then events/health.json. The function reaches the test stack only through the standard
 * AWS_ENDPOINT_URL_* variables, and reads its database user from a Secrets Manager secret (moto).
 */
class LambdaRuntimeIT {
    private static final Path JAR = Path.of("target", "tidemark-lambda.jar");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestStack stack;

    @BeforeAll
    static void start() {
        stack = TestStack.forClass(LambdaRuntimeIT.class);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void packagedJarRunsAScheduledSyncAndAHealthCheckThroughTheRuntimeInterfaceClient() throws Exception {
        assertThat(JAR).as("the shaded Lambda jar, built by the package phase").exists();
        Map<String, Object> template = CloudFormationYaml.load(Path.of("template.yaml"));
        String handler = CloudFormationYaml.at(template, "Globals", "Function", "Handler");
        String codeUri = CloudFormationYaml.at(template, "Globals", "Function", "CodeUri");
        assertThat(codeUri).as("sam build runs the Makefile in the project root").isEqualTo(".");

        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        DemoDataset dataset = new DemoDataset(stack.table, 5);
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            items.add(dataset.post("ric-" + i, now.minus(Duration.ofHours(3)).plusSeconds(120L * i)));
        }
        SourceTables.putAll(stack.dynamoDb, stack.table.tableName(), items);
        String secretArn;
        try (SecretsManagerClient secrets = AwsTestClients.secretsManager(TestStack.motoEndpoint())) {
            secretArn = secrets.createSecret(r -> r.name("tidemark/" + stack.name + "/db")
                    .secretString("{\"username\":\"postgres\",\"password\":\"not-in-any-env\"}")).arn();
        }

        Path output = Files.createTempFile("tidemark-ric", ".log");
        try (LocalRuntimeApi api = LocalRuntimeApi.start(List.of(
                Files.readString(Path.of("events", "scheduled.json")), Files.readString(Path.of("events", "health.json"))))) {
            ProcessBuilder builder = new ProcessBuilder(javaCommand(handler))
                    .directory(SamBuild.artifacts("SyncFunction").toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            builder.environment().putAll(environment(api, secretArn));
            long started = System.nanoTime();
            Process function = builder.start();
            try {
                LocalRuntimeApi.Outcome sync = api.awaitOutcome(Duration.ofSeconds(180), function);
                // Reported, not asserted: JVM start to the first response, the cold start without SnapStart.
                System.out.printf("LambdaRuntimeIT: JVM start to first (cold) response %d ms%n",
                        (System.nanoTime() - started) / 1_000_000);
                assertThat(sync.error()).as("error posted by the runtime client; log:%n%s", Files.readString(output))
                        .isNull();
                JsonNode response = JSON.readTree(sync.body());
                assertThat(response.path("status").asText()).isEqualTo("succeeded");
                assertThat(response.path("mode").asText()).isEqualTo("scheduled");
                assertThat(response.path("fetched").asInt()).isEqualTo(40);
                assertThat(response.path("upserted").asInt()).isEqualTo(40);
                assertThat(Sql.count(stack.dataSource, "SELECT count(*) FROM content")).isEqualTo(40);
                assertThat(stack.ssm.getParameter(r -> r.name(stack.checkpointParameter)).parameter().value())
                        .contains("\"watermark\":\"" + response.path("checkpoint").asText() + "\"");

                LocalRuntimeApi.Outcome health = api.awaitOutcome(Duration.ofSeconds(60), function);
                assertThat(health.error()).as("health error; log:%n%s", Files.readString(output)).isNull();
                JsonNode healthResponse = JSON.readTree(health.body());
                assertThat(healthResponse.path("status").asText()).isEqualTo("ok");
                assertThat(healthResponse.path("lastRunId").asText()).isEqualTo(response.path("runId").asText());
                assertThat(healthResponse.path("minutesSinceLastSuccess").asDouble()).isBetween(0.0, 3.0);

                String runId = response.path("runId").asText();
                List<JsonNode> lines = jsonLines(Files.readString(output));
                assertThat(lines).as("an EMF record of the run on stdout").anySatisfy(line -> {
                    assertThat(line.at("/_aws/CloudWatchMetrics/0/Namespace").asText()).isEqualTo("Tidemark");
                    assertThat(line.path("runId").asText()).isEqualTo(runId);
                    assertThat(line.path("RecordsFetched").asInt()).isEqualTo(40);
                    assertThat(line.path("ColdStart").asInt()).isEqualTo(1);
                });
                assertThat(lines).as("JSON log lines carrying the run id, window and request id").anySatisfy(line -> {
                    assertThat(line.path("message").asText()).contains("window [");
                    assertThat(line.path("runId").asText()).isEqualTo(runId);
                    assertThat(line.path("windowFrom").asText()).isEqualTo(response.path("windowFrom").asText());
                    assertThat(line.path("awsRequestId").asText()).isEqualTo(sync.requestId());
                });
                assertThat(Files.readString(output)).doesNotContain("not-in-any-env");
            } finally {
                function.destroy();
                if (!function.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    function.destroyForcibly();
                }
            }
        }
    }

    /** The runtime's own class path: the interface client and what it needs; the function comes from the task root. */
    private static List<String> javaCommand(String handler) throws URISyntaxException {
        String classPath = String.join(File.pathSeparator, locationOf(AWSLambda.class), locationOf(PojoSerializer.class),
                locationOf(Context.class), locationOf(SdkInternalThreadLocal.class));
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xmx512m", "-XX:TieredStopAtLevel=1",
                "-cp", classPath, AWSLambda.class.getName(), handler);
    }

    private static Map<String, String> environment(LocalRuntimeApi api, String secretArn) {
        Map<String, String> env = new HashMap<>(stack.environment());
        env.remove(TidemarkConfig.ENV_DB_USER);
        env.put(TidemarkConfig.ENV_DB_SECRET_ID, secretArn);
        env.put(TidemarkConfig.ENV_PIPELINE_NAME, "ric-" + stack.name);
        env.put("AWS_LAMBDA_RUNTIME_API", api.address());
        env.put("AWS_LAMBDA_FUNCTION_NAME", "tidemark-sync");
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "1");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024");
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/tidemark-sync");
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", "2026/11/22/[1]local");
        env.put("AWS_REGION", "us-east-1");
        // DynamoDB Local keeps tables per access key: the one the test stack created the table with.
        env.put("AWS_ACCESS_KEY_ID", "local");
        env.put("AWS_SECRET_ACCESS_KEY", "local");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        // As sam local invoke passes them (events/local-env.json): the deployed function sets no endpoint at all.
        env.put(TidemarkConfig.ENV_ENDPOINT_URLS, "dynamodb=" + TestStack.dynamoEndpoint() + " ssm="
                + TestStack.motoEndpoint() + ",secretsmanager=" + TestStack.motoEndpoint() + " cloudwatch="
                + TestStack.motoEndpoint());
        env.put(TidemarkConfig.ENV_DB_MIGRATE, "true");
        env.remove("TIDEMARK_METRICS");
        return env;
    }

    private static String locationOf(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    private static List<JsonNode> jsonLines(String output) {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (line.startsWith("{")) {
                try {
                    lines.add(JSON.readTree(line));
                } catch (IOException notJson) {
                    // a line that only looks like JSON: not ours
                }
            }
        }
        return lines;
    }
}
