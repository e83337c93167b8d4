package dev.tidemark.e2e;

import dev.tidemark.app.Tidemark;
import dev.tidemark.app.TidemarkConfig;
import dev.tidemark.core.Checkpoint;
import dev.tidemark.local.MutableClock;
import dev.tidemark.sync.RunRecord;
import dev.tidemark.sync.RunStatus;
import dev.tidemark.sync.TimeBudget;
import dev.tidemark.testing.Invariants;
import dev.tidemark.testing.SourceItems;
import dev.tidemark.testing.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13: one day partition larger than one run's budget. Every run stops after a committed page inside the
 * day, checkpoints the committed frontier (never past an uncommitted record), records {@code partial} and
 * where it stopped; the next run continues from there, until the day is done.
 */
class InDayProgressTest {
    private static final Instant DAY = Instant.parse("2026-11-20T00:00:00Z");
    private static TestStack stack;

    @BeforeAll
    static void start() {
        stack = TestStack.forClass(InDayProgressTest.class);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void aDayLargerThanOneRunsBudgetMovesTheCheckpointForwardInsideTheDayEveryRun() {
        SourceItems source = new SourceItems(stack, 13);
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        // 300 items over the whole day, three on each stamp (ties across page ends).
        for (int i = 0; i < 300; i++) {
            items.add(source.item("post-" + i, DAY.plus(Duration.ofMinutes(14L * (i / 3) + 1)), false));
        }
        source.putAll(items);
        MutableClock clock = new MutableClock(DAY.plus(Duration.ofDays(1)).plus(Duration.ofHours(2)));
        try (Tidemark app = stack.application(Map.of(TidemarkConfig.ENV_PAGE_SIZE, "25",
                TidemarkConfig.ENV_TIME_RESERVE, "PT1M")).clock(clock).build()) {
            app.checkpoints().write(new Checkpoint(DAY, "before", DAY));
            List<RunRecord> runs = new ArrayList<>();
            Instant previous = DAY;
            while (runs.isEmpty() || runs.getLast().status() != RunStatus.SUCCEEDED) {
                assertThat(runs).as("runs so far").hasSizeLessThan(12);
                RunRecord run = app.sync().runScheduled("test", null, pages(1));
                runs.add(run);
                assertThat(Invariants.checkpointViolations(app.checkpoints(), source, stack.dataSource))
                        .as("after run %d", runs.size()).isEmpty();
                Instant now = app.checkpoints().read().orElseThrow().watermark();
                assertThat(now).as("every run moves the checkpoint").isAfter(previous);
                previous = now;
                clock.advance(Duration.ofMinutes(3));
            }
            List<RunRecord> partial = runs.subList(0, runs.size() - 1);
            assertThat(partial).as("the day needs several runs").hasSizeGreaterThanOrEqualTo(3);
            assertThat(partial).allSatisfy(r -> {
                assertThat(r.status()).isEqualTo(RunStatus.PARTIAL);
                assertThat(r.counts().pages()).isBetween(1, 5);
                assertThat(r.checkpointAfter()).isAfter(DAY).isBefore(DAY.plus(Duration.ofDays(1)));
                assertThat(r.stoppedAt()).isEqualTo("inside 2026-11-20 at " + r.checkpointAfter());
                // The run record says the same after a round trip through sync_runs.
                assertThat(app.runLog().find(r.runId()).orElseThrow().stoppedAt()).isEqualTo(r.stoppedAt());
                assertThat(app.runLog().find(r.runId()).orElseThrow().frontier()).isEqualTo(r.checkpointAfter());
            });
            source.assertEqualToSource(stack.dataSource);
            assertThat(app.runLog().coverageGaps()).isEmpty();
        }
    }

    /** A budget that lasts for {@code n} checks above the reserve and then runs out. */
    private static TimeBudget pages(int n) {
        int[] left = {n};
        return () -> left[0]-- > 0 ? Duration.ofMinutes(10) : Duration.ZERO;
    }
}
