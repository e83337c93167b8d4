package dev.tidemark.cli;

import dev.tidemark.testing.Sql;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13: {@code tidemark sync --max-duration} gives a CLI run the budget a Lambda run gets from its context:
 * a run out of time stops after a committed page inside the day, records {@code partial}, and
 * {@code tidemark status} and {@code runs show} say where it stopped; the next sync continues from there.
 */
class SyncMaxDurationTest {
    private static final Instant T0 = Instant.parse("2026-11-22T02:00:00Z");
    private static CliHarness cli;

    @BeforeAll
    static void start() {
        cli = new CliHarness(SyncMaxDurationTest.class, T0);
        cli.env.put("TIDEMARK_PAGE_SIZE", "10");
        cli.seed("post", 60, T0);
    }

    @AfterAll
    static void stop() {
        cli.close();
    }

    @Test
    void aSyncOutOfTimeStopsInsideTheDayAndStatusShowsWhere() {
        // PT0S: the budget is spent before the first page; each run still makes progress, then stops.
        CliHarness.Result first = cli.run("sync", "--max-duration", "PT0S");
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("Status       partial").contains("Stopped      inside 2026-11-2")
                .contains("Partial: stopped inside 2026-11-2");
        List<String> outputs = new ArrayList<>();
        while (outputs.isEmpty() || !outputs.getLast().contains("Status       succeeded")) {
            assertThat(outputs).as("runs to finish 60 items on pages of 10").hasSizeLessThan(15);
            outputs.add(cli.run("sync", "--max-duration", "PT0S").out());
            cli.clock.advance(Duration.ofSeconds(10));
        }
        // The data lies in [01:10, 01:50) of 2026-11-22: some runs stop between its pages.
        assertThat(outputs).filteredOn(o -> o.contains("Stopped      inside 2026-11-22 at 2026-11-22T01:"))
                .hasSizeGreaterThanOrEqualTo(3);
        assertThat(Sql.count(cli.stack.dataSource, "SELECT count(*) FROM content")).isEqualTo(60);
        assertThat(cli.run("status").out()).contains("    stopped inside 2026-11-22 at 2026-11-22T01:");

        CliHarness.Result unlimited = cli.run("sync", "--max-duration", "PT1H");
        assertThat(unlimited.out()).contains("Status       succeeded").doesNotContain("Stopped ");
        assertThat(cli.run("sync", "--max-duration", "-PT1S").exitCode()).isNotZero();
    }
}
