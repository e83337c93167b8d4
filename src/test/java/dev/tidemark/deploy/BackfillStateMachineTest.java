package dev.tidemark.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidemark.testing.BackfillStateMachine;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.tidemark.testing.CloudFormationYaml.at;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14: the backfill state machine in template.yaml. SAM turns its {@code Definition} into a joined
 * string, which cfn-lint does not look inside, so the definition is also linted on its own, as the plain
 * {@code AWS::StepFunctions::StateMachine} CloudFormation receives.
 */
class BackfillStateMachineTest {
    private static final String ALIAS = "arn:aws:lambda:us-east-1:123456789012:function:tidemark-sync:live";
    private static final BackfillStateMachine M = BackfillStateMachine.fromTemplate(Path.of("template.yaml"), ALIAS);
    private static final Map<String, Object> T = M.template();
    private static final Map<String, Object> PROPS = at(T, "Resources", BackfillStateMachine.RESOURCE, "Properties");

    @Test
    void theDefinitionItselfPassesCfnLintAndABrokenOneDoesNot() throws Exception {
        assertThat(at(T, "Resources", BackfillStateMachine.RESOURCE, "Type").toString())
                .isEqualTo("AWS::Serverless::StateMachine");
        TemplateTest.Lint clean = TemplateTest.cfnLint(plainStateMachine(M.definitionJson()));
        assertThat(clean.output()).as("cfn-lint of the definition").isEmpty();
        assertThat(clean.exitCode()).isZero();

        TemplateTest.Lint broken = TemplateTest.cfnLint(plainStateMachine(M.definitionJson()
                .replace("\"MaxConcurrencyPath\"", "\"MaxConcurencyPath\"")));
        assertThat(broken.exitCode()).isNotZero();
        assertThat(broken.output()).contains("MaxConcurencyPath");
    }

    @Test
    void slicesRunInADistributedMapAsWideAsTheConcurrencyParameterAndTheFunctionHasRoomForThem() {
        Map<String, Object> map = M.mapState();
        assertThat(map.get("Type")).isEqualTo("Map");
        assertThat((Object) at(map, "ItemProcessor", "ProcessorConfig")).isEqualTo(Map.of("Mode", "DISTRIBUTED",
                "ExecutionType", "STANDARD"));
        assertThat(map.get("ItemsPath")).isEqualTo("$.plan.slices");
        // Map concurrency must be a number: the parameter reaches it through the plan step's StringToJson.
        assertThat(map.get("MaxConcurrencyPath")).isEqualTo("$.plan.maxConcurrency");
        Map<String, Object> raw = at(PROPS, "Definition", "States", "Plan", "ResultSelector");
        assertThat(raw.get("maxConcurrency.$")).isEqualTo("States.StringToJson('${BackfillMaxConcurrency}')");
        assertThat(at(PROPS, "DefinitionSubstitutions", "BackfillMaxConcurrency").toString())
                .isEqualTo(Map.of("Ref", "BackfillMaxConcurrency").toString());
        assertThat(M.parameterDefault("BackfillMaxConcurrency")).isEqualTo(8);
        // No reservation by default: nothing throttles the slices below the map's own concurrency.
        assertThat(M.parameterDefault("ReservedConcurrency")).as("reserved executions by default").isZero();
        assertThat(at(T, "Resources", "SyncFunction", "Properties", "Environment", "Variables",
                "TIDEMARK_DB_POOL_SIZE").toString()).as("each container's pool, times the concurrency").isEqualTo("2");
        assertThat(map.get("ToleratedFailurePercentage")).as("failed slices reach the summary").isEqualTo(100.0);
        assertThat(map.get("ItemSelector")).isEqualTo(Map.of("mode", "slice", "backfillId.$", "$.plan.backfillId",
                "day.$", "$$.Map.Item.Value.day", "shard.$", "$$.Map.Item.Value.shard",
                "piece.$", "$$.Map.Item.Value.piece"));
        // The plan gets the whole execution input: {"from","to"} for a backfill, {"reconcile":true} for a pass.
        assertThat((Object) at(M.state("Plan"), "Parameters", "Payload")).isEqualTo(Map.of("mode", "plan",
                "backfillId.$", "$$.Execution.Name", "input.$", "$"));
        assertThat(M.state("Plan").get("Next")).isEqualTo("Slices");
        assertThat(map.get("Next")).isEqualTo("Summary");
        assertThat((Object) at(M.state("Summary"), "Parameters", "Payload")).isEqualTo(Map.of("mode", "summary",
                "backfillId.$", "$.plan.backfillId"));
        assertThat(at(M.state("Complete"), "Default").toString()).isEqualTo("SlicesFailed");
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyStepInvokesTheLiveAliasAndRetriesThrottlingAndFailedSlicesWithBackoff() {
        for (Map<String, Object> task : List.of(M.state("Plan"), M.sliceState(), M.state("Summary"))) {
            assertThat(task.get("Resource")).isEqualTo("arn:aws:states:::lambda:invoke");
            assertThat(at(task, "Parameters", "FunctionName").toString()).isEqualTo(ALIAS);
            Map<String, Object> throttling = retrier(task, "Lambda.TooManyRequestsException");
            assertThat(throttling.get("ErrorEquals")).asInstanceOf(
                    org.assertj.core.api.InstanceOfAssertFactories.LIST).contains("Lambda.ServiceException");
            assertBacksOff(throttling, 6);
        }
        assertThat(at(PROPS, "DefinitionSubstitutions", "SyncFunctionAlias").toString())
                .isEqualTo(Map.of("Ref", "SyncFunction.Alias").toString());
        Map<String, Object> failedSlice = retrier(M.sliceState(), "States.TaskFailed");
        assertBacksOff(failedSlice, 2);
        List<Map<String, Object>> retry = (List<Map<String, Object>>) M.sliceState().get("Retry");
        assertThat(retry.indexOf(failedSlice)).as("throttling is matched before the catch-all for failed slices")
                .isGreaterThan(retry.indexOf(retrier(M.sliceState(), "Lambda.TooManyRequestsException")));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theRoleMayInvokeOnlyTheAliasAndStartOnlyItsOwnChildExecutions() {
        List<Map<String, Object>> statements = (List<Map<String, Object>>) ((Map<String, Object>)
                ((List<Object>) PROPS.get("Policies")).getFirst()).get("Statement");
        assertThat(PROPS).doesNotContainKey("Role");
        assertThat(statements).allSatisfy(s -> {
            assertThat(s.get("Effect")).isEqualTo("Allow");
            assertThat(s.get("Resource")).isNotEqualTo("*").isNotInstanceOf(List.class);
        });
        assertThat(statements).extracting(s -> s.get("Action").toString()).containsExactlyInAnyOrder(
                "lambda:InvokeFunction", "states:StartExecution", "[states:DescribeExecution, states:StopExecution]");
        Map<String, Object> invoke = statements.stream().filter(s -> s.get("Action").equals("lambda:InvokeFunction"))
                .findFirst().orElseThrow();
        assertThat(invoke.get("Resource")).as("the alias, not the function nor its versions")
                .isEqualTo(Map.of("Ref", "SyncFunction.Alias"));
        assertThat(PROPS.get("Name")).isEqualTo(Map.of("Fn::Sub", "${AWS::StackName}-backfill"));
        assertThat(statements).filteredOn(s -> s.get("Action").toString().contains("states:"))
                .extracting(s -> ((Map<String, Object>) s.get("Resource")).get("Fn::Sub").toString())
                .containsExactlyInAnyOrder(
                        "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:stateMachine:${AWS::StackName}-backfill",
                        "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:execution:${AWS::StackName}-backfill/*");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> retrier(Map<String, Object> task, String error) {
        return ((List<Map<String, Object>>) task.get("Retry")).stream()
                .filter(r -> ((List<String>) r.get("ErrorEquals")).contains(error)).findFirst()
                .orElseThrow(() -> new AssertionError("no retrier for " + error + " in " + task));
    }

    private static void assertBacksOff(Map<String, Object> retrier, int minAttempts) {
        assertThat(((Number) retrier.get("BackoffRate")).doubleValue()).as("backoff rate").isGreaterThan(1);
        assertThat(((Number) retrier.get("IntervalSeconds")).intValue()).isPositive();
        assertThat(((Number) retrier.get("MaxAttempts")).intValue()).isGreaterThanOrEqualTo(minAttempts);
        assertThat(retrier.get("JitterStrategy")).isEqualTo("FULL");
    }

    private static Path plainStateMachine(String definitionJson) throws Exception {
        ObjectMapper json = new ObjectMapper();
        Map<String, Object> template = Map.of("AWSTemplateFormatVersion", "2010-09-09", "Resources", Map.of(
                "Backfill", Map.of("Type", "AWS::StepFunctions::StateMachine", "Properties", Map.of(
                        "RoleArn", "arn:aws:iam::123456789012:role/backfill",
                        "Definition", json.readValue(definitionJson, Map.class)))));
        Path file = Files.createTempFile("backfill-state-machine", ".json");
        Files.writeString(file, json.writeValueAsString(template));
        return file;
    }
}
