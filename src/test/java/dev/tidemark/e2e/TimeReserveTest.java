package dev.tidemark.e2e;

import dev.tidemark.app.Tidemark;
import dev.tidemark.app.TidemarkConfig;
import dev.tidemark.core.Checkpoint;
import dev.tidemark.sync.MappedSink;
import dev.tidemark.sync.RunRecord;
import dev.tidemark.sync.RunStatus;
import dev.tidemark.sync.TimeBudget;
import dev.tidemark.testing.MappedSinks;
import dev.tidemark.testing.SourceItems;
import dev.tidemark.testing.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 18: the time reserve is at most a fifth of the budget. With the default {@code TIDEMARK_TIME_RESERVE} (60
 * s), a run given 8 seconds ({@code sync --max-duration PT8S}) used to stop after its first page; now it works
 * for about 8 seconds (the budget less 1.6 s, plus the page under way), on the wall clock.
 */
class TimeReserveTest {
    private static TestStack stack;

    @BeforeAll
    static void start() {
        stack = TestStack.forClass(TimeReserveTest.class);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void aRunGivenEightSecondsWorksAboutEightSeconds() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant watermark = now.minus(Duration.ofHours(2));
        SourceItems source = new SourceItems(stack, 8);
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int i = 0; i < 1500; i++) {
            items.add(source.item("r-" + i, watermark.plusMillis(2_000L * i + 1), false));
        }
        source.putAll(items);
        // Every page takes at least 100 ms to write (a database a little further away): 150 pages, 15 s or more.
        MappedSink real = MappedSinks.postgres(stack.dataSource);
        MappedSink slow = MappedSinks.writing(real, (runId, rows, rejections) -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return real.write(runId, rows, rejections);
        });
        try (Tidemark app = stack.application(Map.of(TidemarkConfig.ENV_PAGE_SIZE, "10"))
                .clock(Clock.systemUTC()).mappedSink(slow).build()) {
            assertThat(app.config().timeReserve()).isEqualTo(Duration.ofSeconds(60));
            app.checkpoints().write(new Checkpoint(watermark, "before", watermark));
            long started = System.nanoTime();
            RunRecord run = app.sync().runScheduled("cli", null, TimeBudget.of(Duration.ofSeconds(8), Clock.systemUTC()));
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(run.status()).isEqualTo(RunStatus.PARTIAL);
            assertThat(took).as("worked about the budget less a fifth").isBetween(Duration.ofMillis(6000),
                    Duration.ofMillis(9500));
            assertThat(run.counts().pages()).as("far more than the minimum of a page or two").isGreaterThan(20);
        }
    }
}
