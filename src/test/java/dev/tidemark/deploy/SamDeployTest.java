package dev.tidemark.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidemark.app.TidemarkConfig;
import dev.tidemark.testing.SamTranslator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.tidemark.testing.CloudFormationYaml.at;
import static dev.tidemark.testing.CloudFormationYaml.load;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12: the template as SAM users deploy it, checked on what aws-sam-translator expands it to (the transform
 * CloudFormation runs on {@code sam deploy}), under the baseline parameters and under changed ones.
 */
class SamDeployTest {
    static final Path TEMPLATE = Path.of("template.yaml");
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Map<String, String> BASELINE = Map.of(
            "SourceTableName", "tidemark-source",
            "DbHost", "tidemark.cluster-c1a2b3c4d5e6.eu-west-1.rds.amazonaws.com",
            "DbSecretArn", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!cluster-0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d-AbCdEf",
            "SubnetIds", "subnet-0123456789abcdef0,subnet-0123456789abcdef1,subnet-0123456789abcdef2",
            "SecurityGroupIds", "sg-0123456789abcdef0",
            "OnCallEmail", "oncall@example.com");
    /** A second value for every parameter that changes what the sync function runs with. */
    private static final Map<String, String> SHAPING = new LinkedHashMap<>();
    static {
        SHAPING.put("FunctionTimeout", "600");
        SHAPING.put("FunctionMemorySize", "2048");
        SHAPING.put("FunctionArchitecture", "arm64");
        SHAPING.put("SourceTableName", "tidemark-source-v2");
        SHAPING.put("SourceIndexName", "updatedDate-updatedAt-index-v2");
        SHAPING.put("DbHost", "tidemark-blue.cluster-c1a2b3c4d5e6.eu-west-1.rds.amazonaws.com");
        SHAPING.put("DbPort", "6432");
        SHAPING.put("DbName", "tidemark2");
        SHAPING.put("DbSecretArn", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:tidemark/db-ZyXwVu");
        SHAPING.put("SubnetIds", "subnet-0123456789abcdef0,subnet-0123456789abcdef1");
        SHAPING.put("SecurityGroupIds", "sg-0fedcba9876543210");
        SHAPING.put("CheckpointParameterName", "/tidemark/v2/checkpoint");
        SHAPING.put("MetricsNamespace", "TidemarkBlue");
        SHAPING.put("PartitionShards", "16");
        SHAPING.put("ReadCapacityLimit", "500");
    }
    /** Parameters that do not change the function (a control: the version must stay). */
    private static final Map<String, String> NOT_SHAPING = Map.of("OnCallEmail", "other@example.com",
            "QuarantineSpikeThreshold", "50", "LogRetentionDays", "90");

    private static JsonNode baseline;

    @BeforeAll
    static void expandBaseline() {
        baseline = SamTranslator.expand(TEMPLATE, BASELINE);
    }

    // --- 1: parameter-only redeploys publish a new version ---

    @Test
    void everyParameterThatChangesTheSyncFunctionPublishesANewVersionForTheLiveAlias() {
        List<Map<String, String>> sets = new ArrayList<>();
        List<String> names = new ArrayList<>();
        SHAPING.forEach((name, value) -> {
            sets.add(with(name, value));
            names.add(name);
        });
        NOT_SHAPING.forEach((name, value) -> {
            sets.add(with(name, value));
            names.add(name);
        });
        List<JsonNode> expanded = SamTranslator.expand(TEMPLATE, sets);
        Version before = version(baseline);
        JsonNode functionBefore = resource(baseline, "SyncFunction").path("Properties");
        assertThat(before.description().length()).as("Lambda's limit for a version description, at realistic values")
                .isLessThanOrEqualTo(256);
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            Version after = version(expanded.get(i));
            boolean functionChanged = !resource(expanded.get(i), "SyncFunction").path("Properties").equals(functionBefore);
            if (SHAPING.containsKey(name)) {
                assertThat(functionChanged).as("%s changes the sync function", name).isTrue();
                // CloudFormation replaces AWS::Lambda::Version when its logical id or its description changes.
                assertThat(after).as("version after changing %s", name).isNotEqualTo(before);
            } else {
                assertThat(functionChanged).as("%s leaves the sync function alone", name).isFalse();
                assertThat(after).as("version after changing %s", name).isEqualTo(before);
            }
            assertThat(resource(expanded.get(i), "SyncFunctionAliaslive").at("/Properties/FunctionVersion/Fn::GetAtt/0")
                    .asText()).as("the alias follows the version").isEqualTo(after.logicalId());
        }
    }

    @Test
    void theScheduleInvokesTheLiveAliasWhichPointsAtTheVersion() {
        JsonNode rule = resource(baseline, scheduleRule(baseline));
        assertThat(rule.at("/Properties/Targets/0/Arn/Ref").asText()).isEqualTo("SyncFunctionAliaslive");
        assertThat(resource(baseline, "SyncFunctionAliaslive").at("/Properties/FunctionVersion/Fn::GetAtt/0").asText())
                .isEqualTo(version(baseline).logicalId());
    }

    // --- 3: a run still "running" past the function's timeout is dead ---

    @Test
    void theFunctionKnowsItsOwnTimeoutToReapKilledRuns() {
        for (JsonNode t : List.of(baseline, SamTranslator.expand(TEMPLATE, with("FunctionTimeout", "600")))) {
            JsonNode function = resource(t, "SyncFunction").path("Properties");
            assertThat(Duration.parse(function.at("/Environment/Variables/" + TidemarkConfig.ENV_RUN_TIMEOUT).asText()))
                    .isEqualTo(Duration.ofSeconds(function.path("Timeout").asLong()));
        }
    }

    // --- 6: reserved concurrency is optional ---

    @Test
    void reservedConcurrencyIsAbsentByDefaultSoEveryAccountCanDeployAndSetWhenAsked() {
        // Reserving fails in accounts whose quota leaves fewer than 100 unreserved executions: not by default.
        assertThat(resource(baseline, "SyncFunction").path("Properties").has("ReservedConcurrentExecutions")).isFalse();
        JsonNode nine = SamTranslator.expand(TEMPLATE, with("ReservedConcurrency", "9"));
        assertThat(resource(nine, "SyncFunction").at("/Properties/ReservedConcurrentExecutions").asInt()).isEqualTo(9);
    }

    // --- 7: a redeploy after a failed first deploy or sam delete does not collide with kept log groups ---

    @Test
    void logGroupsHaveGeneratedNamesAndAreNotKeptAfterAFailedCreate() {
        for (String name : List.of("SyncLogGroup", "HealthLogGroup")) {
            JsonNode group = baseline.at("/expanded/Resources/" + name);
            assertThat(group.path("Properties").has("LogGroupName")).as("%s has a generated name", name).isFalse();
            assertThat(group.path("DeletionPolicy").asText()).isEqualTo("RetainExceptOnCreate");
            assertThat(group.path("UpdateReplacePolicy").asText()).isEqualTo("Retain");
        }
        assertThat(resource(baseline, "SyncFunction").at("/Properties/LoggingConfig/LogGroup/Ref").asText())
                .isEqualTo("SyncLogGroup");
        assertThat(resource(baseline, "HealthFunction").at("/Properties/LoggingConfig/LogGroup/Ref").asText())
                .isEqualTo("HealthLogGroup");
    }

    // --- 9: sam local invoke gets real endpoints from events/local-env.json ---

    @Test
    void noEnvironmentValueIsConditionalAndNoParameterIsLocalOnly() throws IOException {
        for (String function : List.of("SyncFunction", "HealthFunction")) {
            String environment = baseline.at("/expanded/Resources/" + function + "/Properties/Environment").toString();
            // SAM CLI cannot resolve these in environment variables: the container would get "" (aws-sam-cli #4510).
            assertThat(environment).doesNotContain("Fn::If", "AWS::NoValue");
        }
        List<String> parameters = new ArrayList<>();
        baseline.at("/expanded/Parameters").fieldNames().forEachRemaining(parameters::add);
        assertThat(parameters).isNotEmpty().noneMatch(n -> n.startsWith("Local"));
        JsonNode local = JSON.readTree(Files.readString(Path.of("events", "local-env.json")));
        for (String function : List.of("SyncFunction", "HealthFunction")) {
            JsonNode deployed = resource(baseline, function).at("/Properties/Environment/Variables");
            List<String> endpoints = new ArrayList<>();
            deployed.fieldNames().forEachRemaining(n -> {
                if (n.startsWith("AWS_ENDPOINT_URL")) {
                    endpoints.add(n);
                }
            });
            assertThat(endpoints).contains("AWS_ENDPOINT_URL_DYNAMODB", "AWS_ENDPOINT_URL_SSM",
                    "AWS_ENDPOINT_URL_SECRETS_MANAGER", "AWS_ENDPOINT_URL_CLOUDWATCH");
            for (String name : endpoints) {
                assertThat(deployed.path(name).asText()).as("deployed %s: the regional endpoint", name)
                        .matches("https://[a-z]+\\.us-east-1\\.amazonaws\\.com");
                assertThat(local.at("/" + function + "/" + name).asText()).as("local %s of %s", name, function)
                        .startsWith("http://host.docker.internal:");
            }
        }
    }

    @Test
    void samconfigLocalInvokeNamesOnlyTemplateParametersAndReachesTheHost() throws IOException {
        String samconfig = Files.readString(Path.of("samconfig.toml"));
        Map<String, Object> parameters = at(load(TEMPLATE), "Parameters");
        Matcher overrides = Pattern.compile("parameter_overrides = \"([^\"]*)\"").matcher(samconfig);
        int sections = 0;
        while (overrides.find()) {
            sections++;
            for (String pair : overrides.group(1).split(" ")) {
                assertThat(parameters).as("samconfig.toml parameter %s", pair).containsKey(pair.split("=")[0]);
            }
        }
        assertThat(sections).isEqualTo(2);
        // On Linux, Docker knows host.docker.internal only when told (Docker Desktop adds it by itself).
        assertThat(samconfig).contains("add_host = [\"host.docker.internal:host-gateway\"]");
    }

    // --- 11 and 12: the events and the rule SAM generates ---

    @Test
    void scheduledEventNamesTheRuleSamGeneratesForThisStack() throws IOException {
        JsonNode event = JSON.readTree(Files.readString(Path.of("events", "scheduled.json")));
        String stack = stackName();
        String rule = scheduleRule(baseline);
        // CloudFormation names a rule without a Name "<stack>-<logical id>-<random suffix>".
        assertThat(event.at("/resources/0").asText())
                .matches("arn:aws:events:[a-z0-9-]+:[0-9]{12}:rule/" + Pattern.quote(stack + "-" + rule) + "-[A-Za-z0-9]{8,13}");
    }

    // --- helpers ---

    private record Version(String logicalId, String description) {
    }

    private static Version version(JsonNode template) {
        List<Version> versions = new ArrayList<>();
        template.at("/resolved/Resources").properties().forEach(r -> {
            if (r.getValue().path("Type").asText().equals("AWS::Lambda::Version")) {
                versions.add(new Version(r.getKey(), r.getValue().at("/Properties/Description").asText()));
            }
        });
        assertThat(versions).hasSize(1);
        return versions.getFirst();
    }

    /** The EventBridge rule that invokes the sync function's alias for the sync (not the reconcile schedule). */
    static String scheduleRule(JsonNode template) {
        List<String> rules = new ArrayList<>();
        template.at("/resolved/Resources").properties().forEach(r -> {
            if (r.getValue().path("Type").asText().equals("AWS::Events::Rule")
                    && r.getValue().at("/Properties/Targets/0/Arn/Ref").asText().equals("SyncFunctionAliaslive")
                    && !r.getValue().at("/Properties/Targets/0/Input").asText().contains("reconcile")) {
                rules.add(r.getKey());
            }
        });
        assertThat(rules).hasSize(1);
        return rules.getFirst();
    }

    static JsonNode resource(JsonNode template, String logicalId) {
        JsonNode r = template.at("/resolved/Resources/" + logicalId);
        assertThat(r.isMissingNode()).as("resource %s", logicalId).isFalse();
        return r;
    }

    static Map<String, String> with(String name, String value) {
        Map<String, String> p = new HashMap<>(BASELINE);
        p.put(name, value);
        return p;
    }

    static String stackName() {
        try {
            Matcher m = Pattern.compile("stack_name = \"([^\"]+)\"").matcher(Files.readString(Path.of("samconfig.toml")));
            assertThat(m.find()).isTrue();
            return m.group(1);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
