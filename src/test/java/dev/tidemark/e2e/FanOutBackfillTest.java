package dev.tidemark.e2e;

import dev.tidemark.local.DemoDataset;
import dev.tidemark.local.MutableClock;
import dev.tidemark.postgres.PostgresRunLock;
import dev.tidemark.sync.RunLock;
import dev.tidemark.sync.SyncFailedException;
import dev.tidemark.testing.BackfillStateMachine;
import dev.tidemark.testing.CanonicalState;
import dev.tidemark.testing.Events;
import dev.tidemark.testing.FunctionContainers;
import dev.tidemark.testing.MappedSinks;
import dev.tidemark.testing.SourceItems;
import dev.tidemark.testing.Sql;
import dev.tidemark.testing.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 14: the slices of a fanned-out backfill, planned and run as the template's state machine says, on as many
 * threads as its MaxConcurrency default, each with its own application and pool (as each Lambda container has),
 * against DynamoDB Local and PostgreSQL, while a scheduled run holds the sync lock.
 */
class FanOutBackfillTest {
    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    private static final int DAYS = 12;
    private static TestStack stack;

    @BeforeAll
    static void start() {
        stack = TestStack.forClass(FanOutBackfillTest.class);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void concurrentSlicesEndWhereASequentialBackfillEndsEachRecordedAndTheCheckpointUntouched() throws Exception {
        stack.reset();
        int items = new DemoDataset(stack.table, 14).history(NOW.minusSeconds(86_400), DAYS, 60).size();
        new SourceItems(stack, 14).putAll(new DemoDataset(stack.table, 14).history(NOW.minusSeconds(86_400), DAYS, 60));
        FunctionContainers containers = new FunctionContainers(stack, new MutableClock(NOW));
        Function<Map<String, Object>, Map<String, Object>> live = containers.handler();
        live.apply(Map.of("mode", "scheduled"));
        String checkpointBefore = containers.checkpoint();
        BackfillStateMachine machine = BackfillStateMachine.fromTemplate(Path.of("template.yaml"),
                "arn:aws:lambda:us-east-1:123456789012:function:tidemark-sync:live");
        Map<String, Object> input = Map.of("from", "2026-11-16", "to", "2026-11-30");
        newerVersionsAlreadyWritten();

        BackfillStateMachine.Execution fanned;
        // A scheduled run holding the lock for the whole fan-out: slices must not skip because of it.
        try (RunLock.Held scheduled = new PostgresRunLock(stack.dataSource,
                PostgresRunLock.keyFor(stack.checkpointParameter)).tryAcquire().orElseThrow()) {
            fanned = machine.run(input, "fanout-1", containers::handler);
        }

        assertThat(fanned.maxConcurrency()).isEqualTo(machine.parameterDefault("BackfillMaxConcurrency"))
                .isGreaterThan(1);
        assertThat(containers.started()).as("one application per thread, as one per Lambda container")
                .isGreaterThan(2);
        assertThat(fanned.plan()).containsEntry("backfillId", "fanout-1");
        List<?> slices = (List<?>) fanned.plan().get("slices");
        assertThat(slices).hasSize(15);
        assertThat(fanned.slices()).hasSize(15).allSatisfy(r -> assertThat(r)
                .containsEntry("mode", "backfill").containsEntry("status", "succeeded").containsEntry("checkpoint", null));
        assertThat(Sql.count(stack.dataSource, "SELECT count(DISTINCT trigger) FROM sync_runs WHERE mode = 'backfill'"
                + " AND status = 'succeeded' AND trigger LIKE 'backfill:fanout-1/2026-11-%'")).isEqualTo(15);
        long fetched = fanned.slices().stream().mapToLong(r -> ((Number) r.get("fetched")).longValue()).sum();
        assertThat(fetched).as("every item, the messy ones included, read once").isEqualTo(items);
        assertThat(fanned.summary()).containsEntry("status", "succeeded").containsEntry("slices", 15)
                .containsEntry("succeeded", 15).containsEntry("failed", 0).containsEntry("runs", 15)
                .containsEntry("fetched", fetched);
        assertThat(Sql.row(stack.dataSource, "SELECT status, slices_succeeded, fetched FROM backfills"
                + " WHERE backfill_id = 'fanout-1'")).containsEntry("status", "succeeded")
                .containsEntry("slices_succeeded", 15).containsEntry("fetched", fetched);
        assertThat(containers.checkpoint()).as("the live checkpoint").isEqualTo(checkpointBefore);
        assertThat(Sql.count(stack.dataSource, "SELECT count(*) FROM content WHERE caption = 'newer, by the hourly run'"))
                .as("older versions read by slices did not overwrite newer rows").isEqualTo(NEWER.size());
        assertThat(((Number) fanned.summary().get("unchanged")).longValue()).isEqualTo(NEWER.size());
        long quarantined = ((Number) fanned.summary().get("quarantined")).longValue();
        assertThat(quarantined).as("the dataset's messy items").isPositive();
        assertThat(Sql.count(stack.dataSource, "SELECT count(*) FROM content")).isEqualTo(items - quarantined);
        List<String> concurrent = CanonicalState.snapshot(stack.dataSource);

        CanonicalState.truncate(stack.dataSource);
        newerVersionsAlreadyWritten();
        Map<String, Object> sequential = live.apply(Map.of("mode", "backfill", "from", "2026-11-16",
                "to", "2026-11-30"));

        assertThat(sequential).containsEntry("status", "succeeded");
        assertThat(CanonicalState.snapshot(stack.dataSource)).hasSizeGreaterThan(DAYS * 60)
                .containsExactlyElementsOf(concurrent);
        containers.close();
    }

    @Test
    void theSummaryCountsASliceRetriedToSuccessOnceAndNamesASliceThatNeverSucceeded() {
        stack.reset();
        SourceItems source = new SourceItems(stack, 15);
        for (int day = 1; day <= 3; day++) {
            source.put("d" + day, Instant.parse("2026-11-0" + day + "T08:00:00Z"));
        }
        FunctionContainers containers = new FunctionContainers(stack, new MutableClock(NOW));
        Function<Map<String, Object>, Map<String, Object>> good = containers.handler();
        Function<Map<String, Object>, Map<String, Object>> broken = containers.handler(MappedSinks.writing(
                MappedSinks.postgres(stack.dataSource), (runId, rows, rejections) -> {
                    throw new IllegalStateException("disk full");
                }));
        good.apply(Map.of("mode", "plan", "backfillId", "retried", "from", "2026-11-01", "to", "2026-11-03"));

        assertThatThrownBy(() -> broken.apply(slice("retried", "2026-11-02"))).isInstanceOf(SyncFailedException.class);
        assertThatThrownBy(() -> broken.apply(slice("retried", "2026-11-03"))).isInstanceOf(SyncFailedException.class);
        for (String day : List.of("2026-11-01", "2026-11-02")) {
            assertThat(good.apply(slice("retried", day))).containsEntry("status", "succeeded").containsEntry("slice", day);
        }
        Map<String, Object> summary = good.apply(Map.of("mode", "summary", "backfillId", "retried"));

        assertThat(summary).containsEntry("status", "failed").containsEntry("slices", 3).containsEntry("succeeded", 2)
                .containsEntry("failed", 1).containsEntry("runs", 4).containsEntry("fetched", 2L)
                .containsEntry("failedSlices", List.of("2026-11-03"));
        assertThat(Sql.row(stack.dataSource, "SELECT status, failed_slices::text AS f FROM backfills"
                + " WHERE backfill_id = 'retried'")).containsEntry("status", "failed").containsEntry("f", "{2026-11-03}");
        assertThatThrownBy(() -> good.apply(Map.of("mode", "slice", "backfillId", "retried", "day", "2026-11-01",
                "shard", 0))).hasMessageContaining("no shard suffix");
        assertThatThrownBy(() -> good.apply(Map.of("mode", "summary", "backfillId", "nope")))
                .hasMessage("no backfill with id nope");
        containers.close();
    }

    @Test
    void theEventFilesForSamLocalInvokeRunThePlanASliceAndTheSummary() {
        stack.reset();
        new SourceItems(stack, 16).put("first-day", Instant.parse("2026-11-01T10:00:00Z"));
        FunctionContainers containers = new FunctionContainers(stack, new MutableClock(NOW));
        Function<Map<String, Object>, Map<String, Object>> function = containers.handler();

        assertThat((List<?>) function.apply(Events.load("backfill-plan.json")).get("slices")).hasSize(8);
        assertThat(function.apply(Events.load("backfill-slice.json"))).containsEntry("status", "succeeded")
                .containsEntry("slice", "2026-11-01").containsEntry("fetched", 1);
        assertThat(function.apply(Events.load("backfill-summary.json"))).containsEntry("backfillId", "manual-2026-11")
                .containsEntry("status", "failed").containsEntry("succeeded", 1).containsEntry("failed", 7);
        containers.close();
    }

    /** Items of the range whose newer version the hourly run has already written (as if updated since). */
    private static final List<String> NEWER = List.of("post-5", "post-300", "post-700");

    private static void newerVersionsAlreadyWritten() {
        for (String id : NEWER) {
            Sql.execute(stack.dataSource, "INSERT INTO content (content_id, caption, source_updated_at) VALUES ('" + id
                    + "', 'newer, by the hourly run', '2026-11-30T11:00:00Z')");
        }
    }

    private static Map<String, Object> slice(String backfillId, String day) {
        Map<String, Object> event = new java.util.HashMap<>(Map.of("mode", "slice", "backfillId", backfillId, "day", day));
        event.put("shard", null);
        return event;
    }
}
