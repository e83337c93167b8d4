package dev.tidemark.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.tidemark.testing.CloudFormationYaml.at;
import static org.assertj.core.api.Assertions.assertThat;

/** Issue 18's parts of template.yaml: the recent sweep's schedule and the alarm on an overdue reconcile pass. */
class ReconcileTemplateTest {
    private static final Map<String, Object> T = TemplateTest.T;

    /** Issue 18: the recent sweep has a schedule of its own, with the window as a parameter; 0 turns it off. */
    @Test
    void theRecentSweepRunsOnItsOwnScheduleWithItsWindow() throws IOException {
        Map<String, Object> sweep = at(TemplateTest.properties("SyncFunction"), "Events", "RecentSweep");
        assertThat(TemplateTest.v(sweep, "Properties", "Input")).isEqualTo(Map.of("Fn::Sub",
                "{\"mode\":\"reconcile\",\"recent\":\"${RecentSweepWindow}\"}"));
        String filled = ((String) ((Map<?, ?>) TemplateTest.v(sweep, "Properties", "Input")).get("Fn::Sub"))
                .replace("${RecentSweepWindow}", (String) TemplateTest.v(T, "Parameters", "RecentSweepWindow", "Default"));
        assertThat(new ObjectMapper().readTree(filled))
                .isEqualTo(new ObjectMapper().readTree(Files.readString(Path.of("events", "reconcile-recent.json"))));
        assertThat(TemplateTest.v(sweep, "Properties", "State"))
                .isEqualTo(Map.of("Fn::If", List.of("RecentSweepOn", "ENABLED", "DISABLED")));
        assertThat(TemplateTest.v(T, "Conditions", "RecentSweepOn")).isEqualTo(Map.of("Fn::Not", List.of(Map.of("Fn::Or", List.of(
                Map.of("Fn::Equals", List.of(TemplateTest.ref("RecentSweepSchedule"), "0")),
                Map.of("Fn::Equals", List.of(TemplateTest.ref("RecentSweepSchedule"), "")))))));
    }

    /** Issue 18: the alarm is on the pass (none completed for the deadline's days), not on each failed piece. */
    @Test
    void reconcilePassOverdueAlarmFiresWhenNoPassCompletesWithinTheDeadline() {
        Map<String, Object> alarm = TemplateTest.alarmOn(TemplateTest.ref("MetricsNamespace"), "ReconcilePassesCompleted");
        assertThat(alarm).containsEntry("Statistic", "Sum").containsEntry("Period", 86400)
                .containsEntry("ComparisonOperator", "LessThanThreshold").containsEntry("Threshold", 1)
                .containsEntry("TreatMissingData", "breaching");
        assertThat(alarm.get("EvaluationPeriods")).isEqualTo(TemplateTest.ref("ReconcilePassDeadlineDays"));
        assertThat(alarm.get("DatapointsToAlarm")).isEqualTo(TemplateTest.ref("ReconcilePassDeadlineDays"));
        assertThat(TemplateTest.v(T, "Parameters", "ReconcilePassDeadlineDays", "MaxValue")).as("CloudWatch evaluates 7 days at most")
                .isEqualTo(7);
        assertThat(TemplateTest.v(T, "Resources", "ReconcilePassOverdueAlarm", "Condition")).isEqualTo("ReconcileOn");
        TemplateTest.assertPagesOnCall(alarm);
    }
}
