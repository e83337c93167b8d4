package dev.tidemark.e2e;

import dev.tidemark.app.Tidemark;
import dev.tidemark.app.TidemarkConfig;
import dev.tidemark.core.Checkpoint;
import dev.tidemark.local.MutableClock;
import dev.tidemark.sync.RunRecord;
import dev.tidemark.sync.RunRequest;
import dev.tidemark.sync.RunStatus;
import dev.tidemark.sync.TimeBudget;
import dev.tidemark.testing.Invariants;
import dev.tidemark.testing.SourceItems;
import dev.tidemark.testing.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 4: after ten days of downtime, bounded runs catch up over several partial runs, never overshooting. */
class CatchUpTest {
    private static final Instant T0 = Instant.parse("2026-11-22T12:00:00Z");
    private static final Instant DOWN_SINCE = T0.minus(Duration.ofDays(10)).minus(Duration.ofHours(3));
    private static TestStack stack;
    private SourceItems source;
    private MutableClock clock;

    @BeforeAll
    static void start() {
        stack = TestStack.forClass(CatchUpTest.class);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @BeforeEach
    void backlog() {
        stack.reset();
        source = new SourceItems(stack, 10);
        clock = new MutableClock(T0);
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        // Ten days of changes, 6 a day, spread over every hour of the day, including around midnight.
        for (int i = 0; i < 60; i++) {
            items.add(source.item("item-" + i, DOWN_SINCE.plus(Duration.ofMinutes(241L * i + 7)), false));
        }
        source.putAll(items);
    }

    @Test
    void aTinyTimeBudgetFinishesTheBacklogOverSeveralPartialRunsNeverAheadOfCommittedData() {
        try (Tidemark app = app(Map.of())) {
            app.checkpoints().write(new Checkpoint(DOWN_SINCE, "before-the-outage", DOWN_SINCE));
            // No time left beyond the reserve: each run stops as soon as it has moved past its checkpoint,
            // after a committed page, inside a day partition (issue 13: the rule "finish the day" is gone).
            List<RunRecord> runs = catchUp(app, () -> Duration.ZERO);
            // 60 items on pages of 3: each run goes on until a whole page past its checkpoint has committed (issue
            // 18), so one or two pages past it per run.
            assertThat(runs.size()).isBetween(8, 40);
            assertThat(runs.subList(0, runs.size() - 1)).allSatisfy(r -> {
                assertThat(r.status()).isEqualTo(RunStatus.PARTIAL);
                assertThat(r.checkpointAfter()).isAfter(r.checkpointBefore()).isEqualTo(r.frontier());
                assertThat(r.stoppedAt()).startsWith("inside " + r.checkpointAfter().toString().substring(0, 10)
                        + " at " + r.checkpointAfter());
            });
            assertThat(runs).as("partial runs checkpoint inside day partitions, not at their boundaries")
                    .anySatisfy(r -> assertThat(r.checkpointAfter())
                            .isNotEqualTo(r.checkpointAfter().truncatedTo(java.time.temporal.ChronoUnit.DAYS)));
            assertThat(runs.getLast().status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(runs.getLast().stoppedAt()).isNull();
            assertThat(runs.getLast().checkpointAfter()).isEqualTo(clock.instant().minus(app.config().settleDelay()));
            source.assertEqualToSource(stack.dataSource);
            assertThat(app.runLog().coverageGaps()).as("partial runs cover up to their checkpoints").isEmpty();
        }
    }

    @Test
    void maxDaysPerRunBoundsEachRunAndABudgetRunningOutMidRunStopsAtTheNextBoundary() {
        try (Tidemark app = app(Map.of(TidemarkConfig.ENV_MAX_DAYS_PER_RUN, "3"))) {
            app.checkpoints().write(new Checkpoint(DOWN_SINCE, "before-the-outage", DOWN_SINCE));
            List<RunRecord> runs = catchUp(app, TimeBudget.UNLIMITED);
            // 11 day partitions to cover, 4 new days per run at most (the checkpoint's own day plus 3).
            assertThat(runs).hasSize(3);
            assertThat(runs).extracting(RunRecord::status)
                    .containsExactly(RunStatus.PARTIAL, RunStatus.PARTIAL, RunStatus.SUCCEEDED);
            source.assertEqualToSource(stack.dataSource);

            // Same backlog again, now with a budget that lasts for two partition checks and then runs out.
            stack.reset();
            backlog();
            app.checkpoints().write(new Checkpoint(DOWN_SINCE, "before-the-outage", DOWN_SINCE));
            List<RunRecord> budgeted = catchUp(app, null);
            assertThat(budgeted.size()).isGreaterThan(3);
            assertThat(budgeted.getLast().status()).isEqualTo(RunStatus.SUCCEEDED);
            source.assertEqualToSource(stack.dataSource);
        }
    }

    /**
     * Runs until a run succeeds (at most 40), an hour apart, checking after every run that the checkpoint is
     * not ahead of committed data and only ever moves forward. A null budget means: a fresh budget per run
     * that allows two partition checks above the reserve and then runs out.
     */
    private List<RunRecord> catchUp(Tidemark app, TimeBudget budget) {
        List<RunRecord> runs = new ArrayList<>();
        Instant previous = app.checkpoints().read().orElseThrow().watermark();
        for (int i = 0; i < 40; i++) {
            TimeBudget b = budget != null ? budget : countdown(2);
            RunRecord run = app.sync().run(new RunRequest.Scheduled("test", null, false), b).getFirst();
            runs.add(run);
            assertThat(Invariants.checkpointViolations(app.checkpoints(), source, stack.dataSource))
                    .as("after run %d", i).isEmpty();
            Instant now = app.checkpoints().read().orElseThrow().watermark();
            assertThat(now).isAfter(previous);
            previous = now;
            if (run.status() == RunStatus.SUCCEEDED) {
                return runs;
            }
            assertThat(run.status()).isEqualTo(RunStatus.PARTIAL);
            clock.advance(Duration.ofMinutes(7));
        }
        throw new AssertionError("catch-up did not finish in 40 runs: " + runs);
    }

    private static TimeBudget countdown(int checks) {
        int[] left = {checks};
        return () -> left[0]-- > 0 ? Duration.ofMinutes(10) : Duration.ZERO;
    }

    private Tidemark app(Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>(Map.of(TidemarkConfig.ENV_PAGE_SIZE, "3",
                TidemarkConfig.ENV_TIME_RESERVE, "PT1M"));
        env.putAll(overrides);
        return stack.application(env).clock(clock).build();
    }
}
