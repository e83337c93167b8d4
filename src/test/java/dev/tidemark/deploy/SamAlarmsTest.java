package dev.tidemark.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidemark.testing.SamTranslator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.tidemark.deploy.SamDeployTest.BASELINE;
import static dev.tidemark.deploy.SamDeployTest.TEMPLATE;
import static dev.tidemark.deploy.SamDeployTest.resource;
import static dev.tidemark.deploy.SamDeployTest.scheduleRule;
import static dev.tidemark.deploy.SamDeployTest.stackName;
import static dev.tidemark.deploy.SamDeployTest.with;
import static dev.tidemark.testing.CloudFormationYaml.at;
import static dev.tidemark.testing.CloudFormationYaml.load;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12: what on-call notices, on the template as aws-sam-translator expands it: alarms that do not fire on a
 * fresh deploy and say when they recover, parameters that reject what cannot work, a schedule parameter the alarms
 * follow, and an anomaly alarm on the run counts.
 */
class SamAlarmsTest {
    private static JsonNode baseline;

    @BeforeAll
    static void expandBaseline() {
        baseline = SamTranslator.expand(TEMPLATE, BASELINE);
    }

    // --- 12: alarms and parameters on-call notices ---

    @Test
    void missedInvocationsAlarmDoesNotFireOnAFreshDeployAndStillPagesWhenInvocationsStop() {
        JsonNode alarm = resource(baseline, "SyncNotInvokedAlarm").path("Properties");
        // A fresh function has no Invocations data: breaching would put the alarm in ALARM at creation.
        assertThat(alarm.path("TreatMissingData").asText()).isEqualTo("missing");
        assertThat(alarm.at("/InsufficientDataActions/0/Ref").asText()).isEqualTo("OnCallTopic");
    }

    @Test
    void everyAlarmPagesOnCallAndTellsWhenItRecovers() {
        baseline.at("/resolved/Resources").properties().forEach(r -> {
            if (r.getValue().path("Type").asText().equals("AWS::CloudWatch::Alarm")) {
                JsonNode p = r.getValue().path("Properties");
                assertThat(p.at("/AlarmActions/0/Ref").asText()).as("%s AlarmActions", r.getKey()).isEqualTo("OnCallTopic");
                assertThat(p.at("/OKActions/0/Ref").asText()).as("%s OKActions", r.getKey()).isEqualTo("OnCallTopic");
            }
        });
    }

    @Test
    void secretArnMustBeComplete() {
        String pattern = at(load(TEMPLATE), "Parameters", "DbSecretArn", "AllowedPattern");
        // CloudFormation matches the whole value.
        assertThat(BASELINE.get("DbSecretArn")).matches(pattern);
        assertThat("arn:aws:secretsmanager:us-east-1:123456789012:secret:tidemark/local-AbCdEf").matches(pattern);
        assertThat("arn:aws:secretsmanager:us-east-1:123456789012:secret:tidemark/db").doesNotMatch(pattern);
        assertThat("arn:aws:secretsmanager:us-east-1:123456789012:secret:tidemark/db-AbC").doesNotMatch(pattern);
    }

    @Test
    void everyNumberParameterHasALowerBound() {
        Map<String, Map<String, Object>> parameters = at(load(TEMPLATE), "Parameters");
        parameters.forEach((name, p) -> {
            if ("Number".equals(p.get("Type"))) {
                assertThat(p.containsKey("MinValue") || p.containsKey("AllowedValues"))
                        .as("%s has MinValue or AllowedValues", name).isTrue();
            }
        });
    }

    // --- 13: the schedule is a parameter and the alarms follow it ---

    @Test
    void scheduleIsAParameterAndTheMissedInvocationsAndFreshnessAlarmsFollowIt() {
        Map<String, Object[]> expected = new LinkedHashMap<>();
        // schedule → expression, missed-invocations window (s), freshness threshold (min), records period (s)
        expected.put("Every15Minutes", new Object[]{"rate(15 minutes)", 2700, 45, 3600});
        expected.put("Hourly", new Object[]{"rate(1 hour)", 10800, 180, 3600});
        expected.put("Daily", new Object[]{"rate(1 day)", 86400, 4320, 86400});
        expected.put("Custom", new Object[]{"cron(0 6 * * ? *)", 86400, 4320, 86400});
        List<Map<String, String>> sets = new ArrayList<>();
        expected.keySet().forEach(s -> {
            Map<String, String> p = with("SyncSchedule", s);
            p.put("CustomScheduleExpression", "cron(0 6 * * ? *)");
            sets.add(p);
        });
        Map<String, String> override = with("SyncSchedule", "Daily");
        override.put("FreshnessThresholdMinutes", "1500");
        sets.add(override);
        List<JsonNode> results = SamTranslator.expand(TEMPLATE, sets);
        int i = 0;
        for (Map.Entry<String, Object[]> e : expected.entrySet()) {
            JsonNode t = results.get(i++);
            Object[] x = e.getValue();
            assertThat(resource(t, scheduleRule(t)).at("/Properties/ScheduleExpression").asText()).as(e.getKey())
                    .isEqualTo(x[0]);
            JsonNode notInvoked = resource(t, "SyncNotInvokedAlarm").path("Properties");
            assertThat(notInvoked.path("Period").asInt() * notInvoked.path("EvaluationPeriods").asInt())
                    .as("%s missed-invocations window", e.getKey()).isEqualTo(x[1]).isLessThanOrEqualTo(86400);
            assertThat(resource(t, "FreshnessAlarm").at("/Properties/Threshold").asInt()).as("%s freshness", e.getKey())
                    .isEqualTo(x[2]);
            assertThat(resource(t, "RecordsFetchedAnomalyAlarm").at("/Properties/Metrics/0/MetricStat/Period").asInt())
                    .isEqualTo(x[3]);
            assertThat(resource(t, "Dashboard").at("/Properties/DashboardBody").asText())
                    .contains("{\"label\": \"freshness alarm\", \"value\": " + x[2] + "}");
        }
        assertThat(resource(results.get(i), "FreshnessAlarm").at("/Properties/Threshold").asInt()).isEqualTo(1500);
    }

    // --- 14: an anomaly alarm on the run counts ---

    @Test
    void recordsFetchedPerIntervalIsWatchedByAnAnomalyBand() {
        JsonNode alarm = resource(baseline, "RecordsFetchedAnomalyAlarm").path("Properties");
        assertThat(alarm.path("ComparisonOperator").asText()).isEqualTo("LessThanLowerThreshold");
        assertThat(alarm.path("ThresholdMetricId").asText()).isEqualTo("band");
        JsonNode metric = alarm.at("/Metrics/0/MetricStat/Metric");
        assertThat(metric.path("Namespace").asText()).isEqualTo("Tidemark");
        assertThat(metric.path("MetricName").asText()).isEqualTo("RecordsFetched");
        assertThat(metric.at("/Dimensions/0/Name").asText()).isEqualTo("Pipeline");
        assertThat(metric.at("/Dimensions/0/Value").asText()).isEqualTo(stackName());
        assertThat(alarm.at("/Metrics/1/Expression").asText()).isEqualTo("ANOMALY_DETECTION_BAND(fetched, 3)");
        assertThat(alarm.at("/AlarmActions/0/Ref").asText()).isEqualTo("OnCallTopic");
    }
}
