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
        SHAPING.put("DbSslMode", "require");
        SHAPING.put("DbTrustedCa", "jdk");
    }
    /**
     * Issue 19: the largest legal values (16 subnets, 5 security groups, a 100-character host, a 255-character table
     * name), with an Aurora cluster and an RDS-managed secret.
     */
    static final Map<String, String> PRODUCTION = new HashMap<>(BASELINE);
    static {
        PRODUCTION.put("SourceTableName", padded("tidemark-production-SourceTable-", 255));
        PRODUCTION.put("SourceIndexName", "updatedDate-updatedAt-index-" + "v".repeat(100));
        PRODUCTION.put("DbHost", padded("tidemark-production-", 100 - ".cluster-c1a2b3c4d5e6.eu-central-1.rds.amazonaws.com"
                .length()) + ".cluster-c1a2b3c4d5e6.eu-central-1.rds.amazonaws.com");
        PRODUCTION.put("DbName", "tidemark_production_metadata");
        PRODUCTION.put("DbSecretArn", "arn:aws:secretsmanager:eu-central-1:123456789012:secret:rds!cluster-0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d-AbCdEf");
        PRODUCTION.put("SubnetIds", String.join(",", java.util.stream.IntStream.range(0, 16)
                .mapToObj(i -> "subnet-0123456789abcde%02d".formatted(i)).toList()));
        PRODUCTION.put("SecurityGroupIds", String.join(",", java.util.stream.IntStream.range(0, 5)
                .mapToObj(i -> "sg-0123456789abcdef%d".formatted(i)).toList()));
        PRODUCTION.put("CheckpointParameterName", "/tidemark/production/eu-central-1/checkpoint");
        PRODUCTION.put("MetricsNamespace", "Tidemark/Production");
        PRODUCTION.put("PartitionShards", "1000");
        PRODUCTION.put("ReadCapacityLimit", "10000000");
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
        List<JsonNode> all = new ArrayList<>(expanded);
        all.add(baseline);
        List<Version> versions = versions(all);
        Version before = versions.getLast();
        JsonNode functionBefore = resource(baseline, "SyncFunction").path("Properties");
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            Version after = versions.get(i);
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
    void theVersionDescriptionStaysWithinLambdasLimitForTheLargestLegalParameters() {
        JsonNode production = SamTranslator.expand(TEMPLATE, PRODUCTION);
        List<Version> versions = versions(List.of(baseline, production));
        for (Version v : versions) {
            assertThat(v.description()).matches("Tidemark sync, settings sha256 [0-9a-f]{64}");
            assertThat(v.description().length()).as("Lambda's limit for a version description").isLessThanOrEqualTo(256);
        }
        assertThat(versions.get(1)).isNotEqualTo(versions.get(0));
        // The settings the digest covers are these very values, resolved: the custom resource receives them all.
        JsonNode settings = resource(production, "SyncSettings").path("Properties");
        assertThat(settings.path("SubnetIds")).hasSize(16);
        assertThat(settings.path("SecurityGroupIds")).hasSize(5);
        assertThat(settings.path("DbHost").asText()).hasSize(100).isEqualTo(PRODUCTION.get("DbHost"));
        assertThat(settings.path("SourceTableName").asText()).hasSize(255);
        // What the old concatenation would have carried does not fit: the reason for the digest.
        int concatenated = PRODUCTION.values().stream().mapToInt(String::length).sum();
        assertThat(concatenated).isGreaterThan(256);
    }

    @Test
    void theDigestIsStableAndTheCustomResourceAlwaysAnswersCloudFormation() {
        JsonNode settings = resource(baseline, "SyncSettings").path("Properties");
        com.fasterxml.jackson.databind.node.ObjectNode reordered = JSON.createObjectNode();
        List<String> keys = new ArrayList<>();
        settings.fieldNames().forEachRemaining(keys::add);
        java.util.Collections.reverse(keys);
        keys.forEach(k -> reordered.set(k, settings.get(k)));
        List<JsonNode> responses = SamTranslator.digestResponses(TEMPLATE, List.of(settings, reordered));
        assertThat(responses).allSatisfy(r -> {
            assertThat(r.path("status").asText()).isEqualTo("SUCCESS");
            assertThat(r.path("physicalResourceId").asText()).isEqualTo("tidemark-sync-settings");
        });
        assertThat(responses.get(0).at("/data/Digest")).as("independent of property order").isEqualTo(
                responses.get(1).at("/data/Digest"));
        assertThat(settings.path("ServiceToken").isMissingNode()).as("the token is not a setting, yet present").isFalse();
    }

    @Test
    void everyParameterTheSyncFunctionUsesIsInTheDigest() {
        // Walk the function as CloudFormation receives it: every parameter it refers to must reach the digest, or a
        // change of that parameter alone would publish no version. Reserved concurrency is the function's, not a
        // version's (it changes in place, the alias needs nothing new).
        java.util.Set<String> parameters = new java.util.TreeSet<>();
        baseline.at("/expanded/Parameters").fieldNames().forEachRemaining(parameters::add);
        java.util.Set<String> used = new java.util.TreeSet<>();
        collectParameters(baseline.at("/expanded/Resources/SyncFunction/Properties"), parameters, used);
        used.remove("ReservedConcurrency");
        java.util.Set<String> digested = new java.util.TreeSet<>();
        baseline.at("/expanded/Resources/SyncSettings/Properties").fieldNames().forEachRemaining(digested::add);
        assertThat(used).isNotEmpty().isSubsetOf(digested);
        assertThat(baseline.at("/expanded/Resources/" + version(baseline).logicalId() + "/Properties/Description/Fn::Sub")
                .asText())
                .isEqualTo("Tidemark sync, settings sha256 ${SyncSettings.Digest}");
    }

    @Test
    void autoPublishAliasAllPropertiesDoesNotSeeParameterOnlyChanges() throws IOException {
        // Why the digest: SAM's own switch hashes the function's properties before parameters are resolved. If a
        // later aws-sam-translator resolves them, this fails, and the custom resource may go.
        Path allProperties = Files.createTempFile("template-all-properties", ".yaml");
        Files.writeString(allProperties, Files.readString(TEMPLATE).replace("      AutoPublishAlias: live\n",
                "      AutoPublishAlias: live\n      AutoPublishAliasAllProperties: true\n"));
        List<JsonNode> t = SamTranslator.expand(allProperties, List.of(BASELINE, with("FunctionMemorySize", "2048"),
                with("SubnetIds", "subnet-0fedcba9876543210")));
        assertThat(t.get(0).at("/expanded/Resources/SyncFunction/Properties/MemorySize")).isNotEqualTo(
                t.get(1).at("/resolved/Resources/SyncFunction/Properties/MemorySize"));
        assertThat(version(t.get(1)).logicalId()).isEqualTo(version(t.get(0)).logicalId());
        assertThat(version(t.get(2)).logicalId()).isEqualTo(version(t.get(0)).logicalId());
    }

    private static void collectParameters(JsonNode node, java.util.Set<String> parameters, java.util.Set<String> used) {
        if (node.isObject()) {
            if (node.has("Ref") && parameters.contains(node.get("Ref").asText())) {
                used.add(node.get("Ref").asText());
            }
            JsonNode sub = node.get("Fn::Sub");
            if (sub != null) {
                Matcher m = Pattern.compile("\\$\\{([A-Za-z0-9]+)}").matcher(sub.isArray() ? sub.get(0).asText() : sub.asText());
                while (m.find()) {
                    if (parameters.contains(m.group(1))) {
                        used.add(m.group(1));
                    }
                }
            }
            node.forEach(child -> collectParameters(child, parameters, used));
        } else if (node.isArray()) {
            node.forEach(child -> collectParameters(child, parameters, used));
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
    }

    // --- issue 19, 3: the SDK resolves endpoints in the cloud; sam local invoke points them at local stand-ins ---

    @Test
    void deployedFunctionsSetNoEndpointSoFipsAndDualStackSettingsWorkAndLocalInvokeSetsThem() throws IOException {
        JsonNode local = JSON.readTree(Files.readString(Path.of("events", "local-env.json")));
        for (String function : List.of("SyncFunction", "HealthFunction")) {
            JsonNode deployed = resource(baseline, function).at("/Properties/Environment/Variables");
            List<String> names = new ArrayList<>();
            deployed.fieldNames().forEachRemaining(names::add);
            assertThat(names).as("%s sets no AWS_ENDPOINT_URL*", function).noneMatch(n -> n.startsWith("AWS_ENDPOINT_URL"));
            // Declared, so that sam local invoke may override it, and empty in the cloud.
            assertThat(deployed.path(TidemarkConfig.ENV_ENDPOINT_URLS).isTextual()).isTrue();
            assertThat(deployed.path(TidemarkConfig.ENV_ENDPOINT_URLS).asText()).isEmpty();
            Map<String, String> cloud = new HashMap<>(Map.of(TidemarkConfig.ENV_DB_URL, "jdbc:postgresql://h/d",
                    TidemarkConfig.ENV_DB_USER, "u", TidemarkConfig.ENV_ENDPOINT_URLS, ""));
            assertThat(TidemarkConfig.fromEnvironment(cloud).endpointOverrides()).isEmpty();
            cloud.put(TidemarkConfig.ENV_ENDPOINT_URLS, local.at("/" + function + "/" + TidemarkConfig.ENV_ENDPOINT_URLS).asText());
            assertThat(TidemarkConfig.fromEnvironment(cloud).endpointOverrides().values()).as("local %s", function)
                    .hasSize(4).allMatch(uri -> uri.toString().startsWith("http://host.docker.internal:"));
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

    // --- issue 19, 2 and 5: samconfig.toml reserves nothing, builds once, and says what SAM does ---

    @Test
    void samconfigReservesNoConcurrencyBuildsInSourceAndItsCommentsAreTrue() throws IOException {
        String samconfig = Files.readString(Path.of("samconfig.toml"));
        Matcher overrides = Pattern.compile("parameter_overrides = \"([^\"]*)\"").matcher(samconfig);
        while (overrides.find()) {
            for (String pair : overrides.group(1).split(" ")) {
                assertThat(pair).as("samconfig.toml leaves ReservedConcurrency at the template's 0")
                        .doesNotStartWith("ReservedConcurrency=");
            }
        }
        assertThat(resource(baseline, "SyncFunction").path("Properties").has("ReservedConcurrentExecutions")).isFalse();
        // Guided deploys prompt for every parameter (with its default), not only those without one.
        assertThat(samconfig).doesNotContain("parameters without defaults").contains("asks for every template parameter");
        // One Maven build per `sam build` (MakefileBuildIT counts them): the Makefile runs in the project directory.
        assertThat(samconfig).containsPattern("\\[default\\.build\\.parameters]\\s+build_in_source = true");
        assertThat(samconfig).doesNotContain("parallel = true");
    }

    // --- issue 19, 4: nothing parked is lost, and what EventBridge cannot deliver is parked ---

    @Test
    void failedEventsAreRetriedThenParkedInAQueueThatOutlivesTheStack() {
        JsonNode queue = baseline.at("/expanded/Resources/FailedInvocationQueue");
        assertThat(queue.path("DeletionPolicy").asText()).isEqualTo("Retain");
        assertThat(queue.path("UpdateReplacePolicy").asText()).isEqualTo("Retain");
        List<String> rules = new ArrayList<>();
        baseline.at("/resolved/Resources").properties().forEach(r -> {
            if (r.getValue().path("Type").asText().equals("AWS::Events::Rule")) {
                rules.add(r.getKey());
            }
        });
        assertThat(rules).containsExactlyInAnyOrder("SyncFunctionSchedule", "SyncFunctionReconcile",
                "SyncFunctionRecentSweep", "HealthFunctionEvery15Minutes");
        List<String> allowed = new ArrayList<>();
        resource(baseline, "FailedInvocationQueuePolicy").at("/Properties/PolicyDocument/Statement/0/Condition/ArnEquals/aws:SourceArn")
                .forEach(arn -> allowed.add(arn.at("/Fn::GetAtt/0").asText()));
        for (String rule : rules) {
            JsonNode target = resource(baseline, rule).at("/Properties/Targets/0");
            assertThat(target.at("/RetryPolicy/MaximumRetryAttempts").asInt()).as(rule).isPositive();
            assertThat(target.at("/RetryPolicy/MaximumEventAgeInSeconds").asInt()).as(rule).isBetween(60, 3600);
            assertThat(target.at("/DeadLetterConfig/Arn/Fn::GetAtt/0").asText()).as(rule).isEqualTo("FailedInvocationQueue");
            assertThat(allowed).as("the queue lets %s park events", rule).contains(rule);
        }
        JsonNode statement = resource(baseline, "FailedInvocationQueuePolicy").at("/Properties/PolicyDocument/Statement/0");
        assertThat(statement.at("/Principal/Service").asText()).isEqualTo("events.amazonaws.com");
        assertThat(statement.at("/Action").asText()).isEqualTo("sqs:SendMessage");
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

    /** The version as CloudFormation publishes it: its logical id, and its description with the digest filled in. */
    private record Version(String logicalId, String description) {
    }

    /** The unresolved version of one template: logical id and description as the template states it. */
    private static Version version(JsonNode template) {
        List<Version> versions = new ArrayList<>();
        template.at("/resolved/Resources").properties().forEach(r -> {
            if (r.getValue().path("Type").asText().equals("AWS::Lambda::Version")) {
                versions.add(new Version(r.getKey(), r.getValue().at("/Properties/Description").toString()));
            }
        });
        assertThat(versions).hasSize(1);
        return versions.getFirst();
    }

    /** The published versions: the digest CloudFormation gets from the custom resource, put into the description. */
    private static List<Version> versions(List<JsonNode> templates) {
        List<JsonNode> settings = templates.stream().map(t -> resource(t, "SyncSettings").path("Properties")).toList();
        List<JsonNode> responses = SamTranslator.digestResponses(TEMPLATE, settings);
        List<Version> versions = new ArrayList<>();
        for (int i = 0; i < templates.size(); i++) {
            Version v = version(templates.get(i));
            String description = resource(templates.get(i), v.logicalId()).at("/Properties/Description").asText();
            assertThat(description).contains("${SyncSettings.Digest}");
            assertThat(responses.get(i).path("status").asText()).isEqualTo("SUCCESS");
            versions.add(new Version(v.logicalId(),
                    description.replace("${SyncSettings.Digest}", responses.get(i).at("/data/Digest").asText())));
        }
        return versions;
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

    private static String padded(String prefix, int length) {
        return prefix + "x".repeat(length - prefix.length());
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
