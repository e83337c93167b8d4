package dev.tidemark.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidemark.app.TidemarkConfig;
import dev.tidemark.cloudwatch.CloudWatchHealthMetrics;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static dev.tidemark.testing.CloudFormationYaml.at;
import static dev.tidemark.testing.CloudFormationYaml.load;
import static org.assertj.core.api.Assertions.assertThat;

/** Issue 5: template.yaml passes cfn-lint and says what the operating contract says. */
class TemplateTest {
    private static final Path TEMPLATE = Path.of("template.yaml");
    static final Map<String, Object> T = load(TEMPLATE);
    /** The EC2 actions of AWS's own AWSLambdaVPCAccessExecutionRole (DescribeSubnets since 2024). */
    private static final Set<String> ENI_ACTIONS = Set.of("ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces",
            "ec2:DescribeSubnets", "ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses",
            "ec2:UnassignPrivateIpAddresses");

    @Test
    void cfnLintReportsNothing() throws Exception {
        Lint lint = cfnLint(TEMPLATE);
        assertThat(lint.output()).as("cfn-lint output").isEmpty();
        assertThat(lint.exitCode()).as("cfn-lint exit code (2 error, 4 warning, 8 info)").isZero();
    }

    @Test
    void cfnLintDoesFailOnABrokenTemplate() throws Exception {
        Path broken = Files.createTempFile("template-broken", ".yaml");
        Files.writeString(broken, Files.readString(TEMPLATE)
                .replace("ComparisonOperator: LessThanThreshold", "ComparisonOperator: LessThanTheshold"));
        Lint lint = cfnLint(broken);
        assertThat(lint.exitCode()).isNotZero();
        assertThat(lint.output()).contains("LessThanTheshold");
    }

    @Test
    void syncFunctionRunsHourlyAloneOnJava25WithSnapStartAndAFailureDestination() {
        Map<String, Object> sync = properties("SyncFunction");
        assertThat(functionProperty(sync, "Runtime")).isEqualTo("java25");
        assertThat(functionProperty(sync, "Handler")).isEqualTo("dev.tidemark.lambda.SyncHandler::handleRequest");
        assertThat(functionProperty(sync, "CodeUri")).isEqualTo(".");
        assertThat(v(T, "Resources", "SyncFunction", "Metadata", "BuildMethod")).isEqualTo("makefile");
        assertThat(v(T, "Resources", "HealthFunction", "Metadata", "BuildMethod")).isEqualTo("makefile");
        // One scheduled run at a time is the advisory lock's job; reserving is optional (ReservedConcurrency, 0 =
        // none) and, when on, must leave room for the backfill slices (BackfillStateMachineTest).
        assertThat(sync.get("ReservedConcurrentExecutions")).isEqualTo(
                Map.of("Fn::If", List.of("ReserveConcurrency", ref("ReservedConcurrency"), ref("AWS::NoValue"))));
        assertThat(sync.get("MemorySize")).isEqualTo(ref("FunctionMemorySize"));
        assertThat(sync.get("Timeout")).isEqualTo(ref("FunctionTimeout"));
        assertThat(functionProperty(sync, "Architectures")).isEqualTo(List.of(ref("FunctionArchitecture")));
        assertThat(v(sync, "SnapStart", "ApplyOn")).isEqualTo("PublishedVersions");
        assertThat(sync.get("AutoPublishAlias")).isEqualTo("live");
        assertThat(v(sync, "VpcConfig", "SubnetIds")).isEqualTo(ref("SubnetIds"));
        assertThat(v(sync, "VpcConfig", "SecurityGroupIds")).isEqualTo(ref("SecurityGroupIds"));

        Map<String, Object> schedule = at(sync, "Events", "Schedule");
        assertThat(schedule.get("Type")).isEqualTo("Schedule");
        assertThat(v(T, "Parameters", "SyncSchedule", "Default")).isEqualTo("Hourly");
        assertThat(v(schedule, "Properties", "State"))
                .isEqualTo(Map.of("Fn::If", List.of("ScheduleOn", "ENABLED", "DISABLED")));
        assertThat(v(T, "Parameters", "ScheduleEnabled", "AllowedValues")).isEqualTo(List.of("true", "false"));

        assertThat(v(sync, "EventInvokeConfig", "MaximumRetryAttempts")).isEqualTo(ref("AsyncRetryAttempts"));
        assertThat(v(sync, "EventInvokeConfig", "DestinationConfig", "OnFailure", "Destination"))
                .isEqualTo(Map.of("Fn::GetAtt", List.of("FailedInvocationQueue", "Arn")));
    }

    @Test
    void healthCheckRunsTheSameCodeEvery15MinutesWithTheHealthEvent() throws IOException {
        Map<String, Object> health = properties("HealthFunction");
        assertThat(functionProperty(health, "Handler")).isEqualTo(functionProperty(properties("SyncFunction"), "Handler"));
        Map<String, Object> schedule = at(health, "Events", "Every15Minutes", "Properties");
        assertThat(schedule.get("Schedule")).isEqualTo("rate(15 minutes)");
        JsonNode input = new ObjectMapper().readTree((String) schedule.get("Input"));
        assertThat(input).isEqualTo(new ObjectMapper().readTree(Files.readString(Path.of("events", "health.json"))));
        assertThat(health).doesNotContainKey("VpcConfig");
    }

    @Test
    void environmentNamesAreTidemarkConfigsAndCarryNoPassword() throws IllegalAccessException {
        Map<String, Object> vars = at(T, "Globals", "Function", "Environment", "Variables");
        Set<String> known = new java.util.HashSet<>();
        for (Field f : TidemarkConfig.class.getFields()) {
            if (f.getName().startsWith("ENV_") && Modifier.isStatic(f.getModifiers())) {
                known.add((String) f.get(null));
            }
        }
        assertThat(known).containsAll(vars.keySet());
        assertThat(vars.keySet()).noneMatch(name -> name.contains("PASSWORD"));
        assertThat(vars.get(TidemarkConfig.ENV_DB_SECRET_ID)).isEqualTo(ref("DbSecretArn"));
        assertThat(vars.get(TidemarkConfig.ENV_DB_URL).toString()).contains("sslmode=${DbSslMode}");
        assertThat(vars.get(TidemarkConfig.ENV_PIPELINE_NAME)).isEqualTo(ref("AWS::StackName"));
    }

    @Test
    void localEnvVarsFileOverridesOnlyVariablesTheTemplateDeclares() throws IOException {
        // sam local invoke ignores --env-vars entries the function does not declare: a typo would go unnoticed.
        Map<String, Object> declared = at(T, "Globals", "Function", "Environment", "Variables");
        JsonNode local = new ObjectMapper().readTree(Files.readString(Path.of("events", "local-env.json")));
        local.properties().forEach(function -> {
            assertThat(v(T, "Resources", function.getKey(), "Type")).isEqualTo("AWS::Serverless::Function");
            function.getValue().properties().forEach(variable ->
                    assertThat(declared).as("declared variables").containsKey(variable.getKey()));
        });
    }

    @Test
    void errorsAlarmFiresOnOneErrorInFiveMinutes() {
        Map<String, Object> alarm = alarmOn("AWS/Lambda", "Errors");
        assertThat(alarm).containsEntry("Statistic", "Sum").containsEntry("Period", 300)
                .containsEntry("EvaluationPeriods", 1).containsEntry("Threshold", 1)
                .containsEntry("ComparisonOperator", "GreaterThanOrEqualToThreshold");
        assertThat(alarm.get("Dimensions")).isEqualTo(List.of(Map.of("Name", "FunctionName", "Value", ref("SyncFunction"))));
        assertPagesOnCall(alarm);
    }

    @Test
    void missedInvocationsAlarmFiresAfterThreeHoursWithoutAnInvocation() {
        Map<String, Object> alarm = alarmOn("AWS/Lambda", "Invocations");
        assertThat(alarm).containsEntry("Statistic", "Sum")
                .containsEntry("EvaluationPeriods", 1).containsEntry("Threshold", 1)
                .containsEntry("ComparisonOperator", "LessThanThreshold");
        // The window per schedule and the missing-data rule are checked on the expanded template (SamDeployTest).
        assertThat(v(T, "Mappings", "SyncSchedules", "Hourly", "NotInvokedSeconds")).isEqualTo(3 * 3600);
        assertThat(alarm.get("Dimensions")).isEqualTo(List.of(Map.of("Name", "FunctionName", "Value", ref("SyncFunction"))));
        assertPagesOnCall(alarm);
    }

    @Test
    void freshnessAlarmWatchesTheHealthChecksMetricWithMissingDataBreaching() {
        Map<String, Object> alarm = alarmOn(ref("MetricsNamespace"), CloudWatchHealthMetrics.MINUTES_SINCE_LAST_SUCCESS);
        assertThat(alarm).containsEntry("Statistic", "Maximum")
                .containsEntry("ComparisonOperator", "GreaterThanThreshold")
                .containsEntry("TreatMissingData", "breaching");
        assertThat(v(T, "Mappings", "SyncSchedules", "Hourly", "FreshnessMinutes")).isEqualTo(180);
        assertThat(v(T, "Parameters", "FreshnessThresholdMinutes", "Default")).as("0: from the schedule").isEqualTo(0);
        // A period that always holds two 15-minute health reports, so one late report is not "missing".
        assertThat((Integer) alarm.get("Period")).isGreaterThanOrEqualTo(1800);
        assertThat(alarm.get("Dimensions")).isEqualTo(List.of(Map.of("Name", "Pipeline", "Value", ref("AWS::StackName"))));
        assertPagesOnCall(alarm);
    }

    @Test
    void quarantineSpikeAlarmSumsQuarantinedRecordsPerHour() {
        Map<String, Object> alarm = alarmOn(ref("MetricsNamespace"), "RecordsQuarantined");
        assertThat(alarm).containsEntry("Statistic", "Sum").containsEntry("Period", 3600)
                .containsEntry("ComparisonOperator", "GreaterThanOrEqualToThreshold")
                .containsEntry("TreatMissingData", "notBreaching");
        assertThat(alarm.get("Threshold")).isEqualTo(ref("QuarantineSpikeThreshold"));
        assertPagesOnCall(alarm);
    }

    @Test
    void reconcileRunsOnItsOwnScheduleWithTheReconcileEventAndZeroOrEmptyTurnsItOff() throws IOException {
        Map<String, Object> reconcile = at(properties("SyncFunction"), "Events", "Reconcile");
        assertThat(reconcile.get("Type")).isEqualTo("Schedule");
        JsonNode input = new ObjectMapper().readTree((String) v(reconcile, "Properties", "Input"));
        assertThat(input).isEqualTo(new ObjectMapper().readTree(Files.readString(Path.of("events", "reconcile.json"))));
        assertThat(v(reconcile, "Properties", "State"))
                .isEqualTo(Map.of("Fn::If", List.of("ReconcileOn", "ENABLED", "DISABLED")));
        assertThat(v(reconcile, "Properties", "Schedule"))
                .isEqualTo(Map.of("Fn::If", List.of("ReconcileOn", ref("ReconcileSchedule"), "rate(1 day)")));
        assertThat(v(T, "Conditions", "ReconcileOn")).isEqualTo(Map.of("Fn::Not", List.of(Map.of("Fn::Or", List.of(
                Map.of("Fn::Equals", List.of(ref("ReconcileSchedule"), "0")),
                Map.of("Fn::Equals", List.of(ref("ReconcileSchedule"), "")))))));
        // Daily, and never at minute 0, where the hourly run holds the lock and the reconcile would be skipped.
        assertThat((String) v(T, "Parameters", "ReconcileSchedule", "Default")).matches("cron\\(([1-9]\\d?) \\d+ \\* \\* \\? \\*\\)");
    }

    @Test
    void latenessAlarmFiresAtHalfTheDefaultOverlapLag() {
        Map<String, Object> alarm = alarmOn(ref("MetricsNamespace"), "MaxLatenessSeconds");
        assertThat(alarm).containsEntry("Statistic", "Maximum")
                .containsEntry("ComparisonOperator", "GreaterThanOrEqualToThreshold")
                .containsEntry("TreatMissingData", "notBreaching");
        assertThat(alarm.get("Threshold")).isEqualTo(ref("LatenessAlarmSeconds"));
        assertThat(v(T, "Parameters", "LatenessAlarmSeconds", "Default")).isEqualTo(
                (int) TidemarkConfig.fromEnvironment(Map.of("TIDEMARK_DB_URL", "jdbc:postgresql://x/y",
                        "TIDEMARK_DB_USER", "u")).overlapLag().dividedBy(2).toSeconds());
        assertThat(alarm.get("Dimensions")).isEqualTo(List.of(Map.of("Name", "Pipeline", "Value", ref("AWS::StackName"))));
        assertPagesOnCall(alarm);
    }

    @Test
    void onCallTopicMailsTheOnCallAddress() {
        assertThat(v(T, "Resources", "OnCallTopic", "Properties", "Subscription"))
                .isEqualTo(List.of(Map.of("Protocol", "email", "Endpoint", ref("OnCallEmail"))));
    }

    @Test
    void vpcPermissionsAreThoseOfAwsLambdaVpcAccessExecutionRole() {
        List<Map<String, Object>> vpc = statements().stream()
                .filter(s -> "VpcNetworkInterfacesHaveNoResourceLevelScope".equals(s.get("Sid"))).toList();
        assertThat(vpc).singleElement().satisfies(s -> assertThat(Set.copyOf(list(s.get("Action"))))
                .isEqualTo(ENI_ACTIONS));
    }

    @Test
    void iamGrantsOnlyTheOneParameterTableIndexAndSecretAndNoWildcardWhereANarrowerScopeExists() {
        List<Map<String, Object>> statements = statements();
        assertThat(statements).isNotEmpty();
        for (Map<String, Object> s : statements) {
            List<Object> actions = list(s.get("Action"));
            assertThat(actions).as("actions of %s", s.get("Sid"))
                    .noneMatch(a -> a.equals("*") || a.toString().endsWith(":*"));
            if (!list(s.get("Resource")).contains("*")) {
                continue;
            }
            if (actions.equals(List.of("cloudwatch:PutMetricData"))) {
                assertThat(v(s, "Condition", "StringEquals", "cloudwatch:namespace")).isEqualTo(ref("MetricsNamespace"));
            } else {
                assertThat(actions).as("only actions without resource-level scope may use Resource '*'")
                        .allMatch(ENI_ACTIONS::contains);
            }
        }
        assertThat(resourcesOf(statements, "secretsmanager:GetSecretValue")).containsExactly(ref("DbSecretArn"));
        assertThat(resourcesOf(statements, "ssm:PutParameter")).containsExactly(Map.of("Fn::Sub",
                "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter${CheckpointParameterName}"));
        assertThat(resourcesOf(statements, "ssm:GetParameter")).hasSize(2).allMatch(r -> r.equals(Map.of("Fn::Sub",
                "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter${CheckpointParameterName}")));
        assertThat(resourcesOf(statements, "dynamodb:Query")).containsExactly(
                Map.of("Fn::Sub", "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${SourceTableName}"),
                Map.of("Fn::Sub", "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${SourceTableName}/index/${SourceIndexName}"));
        assertThat(statements).flatExtracting(s -> list(s.get("Action")))
                .noneMatch(a -> a.toString().startsWith("dynamodb:") && !a.toString().matches(
                        "dynamodb:(Query|Scan|BatchGetItem|DescribeTable)"));
        // Issue 18: the reconcile fetches by key and confirms absences (BatchGetItem), on the base table only, and
        // fans a pass out on the stack's own backfill state machine only.
        for (String byKey : List.of("dynamodb:BatchGetItem", "dynamodb:DescribeTable")) {
            assertThat(resourcesOf(statements, byKey)).containsExactly(Map.of("Fn::Sub",
                    "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${SourceTableName}"));
        }
        assertThat(resourcesOf(statements, "states:StartExecution")).allMatch(r -> r.equals(Map.of("Fn::Sub",
                "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:stateMachine:${AWS::StackName}-backfill")));
        assertThat(resourcesOf(statements, "cloudwatch:PutMetricData")).containsExactly("*");
    }

    @Test
    void dashboardShowsRecordsLagDurationErrorsAndQuarantineAndIsValidJson() throws IOException {
        List<Object> sub = at(T, "Resources", "Dashboard", "Properties", "DashboardBody", "Fn::Sub");
        String body = (String) sub.getFirst();
        String filled = body.replaceAll("\\$\\{(FreshnessThreshold|QuarantineSpikeThreshold)}", "1")
                .replaceAll("\\$\\{[A-Za-z:.]+}", "x");
        JsonNode dashboard = new ObjectMapper().readTree(filled);
        String metrics = dashboard.findValues("metrics").toString();
        assertThat(metrics).contains("RecordsFetched", "RecordsUpserted", "MinutesSinceLastSuccess",
                "WatermarkLagMinutes", "RunDuration", "Errors", "RecordsQuarantined", "PartialRuns");
    }

    // --- helpers ---

    record Lint(int exitCode, String output) {
    }

    static Lint cfnLint(Path template) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("cfn-lint", template.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("cfn-lint finished").isTrue();
        return new Lint(p.exitValue(), output);
    }

    static Map<String, Object> properties(String resource) {
        return at(T, "Resources", resource, "Properties");
    }

    private static Object functionProperty(Map<String, Object> function, String name) {
        return function.containsKey(name) ? function.get(name) : at(T, "Globals", "Function", name);
    }

    /** {@code at} without type inference, for assertions. */
    static Object v(Object root, String... path) {
        return at(root, path);
    }

    static Map<String, Object> ref(String name) {
        return Map.of("Ref", name);
    }

    static Map<String, Object> alarmOn(Object namespace, String metric) {
        Map<String, Object> resources = at(T, "Resources");
        List<Map<String, Object>> found = resources.values().stream()
                .map(r -> (Map<String, Object>) r)
                .filter(r -> "AWS::CloudWatch::Alarm".equals(r.get("Type")))
                .map(r -> (Map<String, Object>) r.get("Properties"))
                .filter(p -> namespace.equals(p.get("Namespace")) && metric.equals(p.get("MetricName")))
                .toList();
        assertThat(found).as("alarms on %s %s", namespace, metric).hasSize(1);
        return found.getFirst();
    }

    static void assertPagesOnCall(Map<String, Object> alarm) {
        assertThat(alarm.get("AlarmActions")).isEqualTo(List.of(ref("OnCallTopic")));
    }

    /** Every policy statement of every role, including those inside an {@code Fn::If}. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> statements() {
        List<Map<String, Object>> out = new ArrayList<>();
        Map<String, Object> resources = at(T, "Resources");
        for (Object r : resources.values()) {
            Map<String, Object> resource = (Map<String, Object>) r;
            if (!"AWS::IAM::Role".equals(resource.get("Type"))) {
                continue;
            }
            for (Object policy : list(at(resource, "Properties", "Policies"))) {
                for (Object option : policy instanceof Map<?, ?> m && m.containsKey("Fn::If")
                        ? ((List<Object>) m.get("Fn::If")).subList(1, 3) : List.of(policy)) {
                    if (option instanceof Map<?, ?> p && p.containsKey("PolicyDocument")) {
                        list(at(p, "PolicyDocument", "Statement")).forEach(s -> out.add((Map<String, Object>) s));
                    }
                }
            }
        }
        return out;
    }

    private static List<Object> resourcesOf(List<Map<String, Object>> statements, String action) {
        return statements.stream().filter(s -> list(s.get("Action")).contains(action))
                .flatMap(s -> list(s.get("Resource")).stream()).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return value instanceof List<?> l ? (List<Object>) l : value == null ? List.of() : List.of(value);
    }

    static {
        // Fail early with the file name if the template cannot even be read.
        assertThat(T).as("template.yaml").containsKeys("Resources", "Parameters", "Globals");
        assertThat(Arrays.stream(new String[]{"Transform"}).map(T::get).collect(Collectors.toList()))
                .containsExactly("AWS::Serverless-2016-10-31");
    }
}
