package dev.tidemark.stepfunctions;

import dev.tidemark.sync.FanOutEngine;
import dev.tidemark.sync.FanOutProgress;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.MapRunItemCounts;
import software.amazon.awssdk.services.sfn.model.MapRunListItem;

import java.time.LocalDate;
import java.util.List;

/**
 * The backfill state machine of template.yaml ({@code BackfillStateMachine}), through the SDK v2 client: a
 * backfill, or a reconcile pass fanned out on the same Distributed Map.
 */
public record StepFunctionsFanOut(SfnClient sfn, String stateMachineArn) implements FanOutEngine {

    @Override
    public String start(String backfillId, LocalDate from, LocalDate to) {
        // The execution name is the backfill id: Step Functions refuses a second execution of the same name
        // (within 90 days), so a repeated start cannot fan the same backfill out twice.
        return sfn.startExecution(r -> r.stateMachineArn(stateMachineArn).name(backfillId)
                .input("{\"from\":\"" + from + "\",\"to\":\"" + to + "\"}")).executionArn();
    }

    @Override
    public String startReconcile(String executionName) {
        return sfn.startExecution(r -> r.stateMachineArn(stateMachineArn).name(executionName)
                .input("{\"reconcile\":true}")).executionArn();
    }

    @Override
    public FanOutProgress progress(String execution) {
        DescribeExecutionResponse e = sfn.describeExecution(r -> r.executionArn(execution));
        List<MapRunListItem> runs = sfn.listMapRuns(r -> r.executionArn(execution)).mapRuns();
        // The definition has one Map state, so an execution has at most one map run.
        MapRunItemCounts items = runs.isEmpty() ? null
                : sfn.describeMapRun(r -> r.mapRunArn(runs.getFirst().mapRunArn())).itemCounts();
        String result = e.output() != null ? e.output() : e.cause();
        return new FanOutProgress(e.statusAsString(), items == null ? 0 : items.total().intValue(),
                items == null ? 0 : items.succeeded().intValue(),
                items == null ? 0 : items.failed().intValue() + items.timedOut().intValue() + items.aborted().intValue(),
                items == null ? 0 : items.running().intValue(), e.error(), result);
    }
}
