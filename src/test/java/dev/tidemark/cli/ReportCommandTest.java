package dev.tidemark.cli;

import dev.tidemark.sync.RunRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code tidemark report}: a day of hourly runs with a failed night in the middle, written as HTML, opened in
 * headless Chromium, and the screenshot must show the chart's bars and lag line spread across the plot.
 */
class ReportCommandTest {
    private static final Instant T0 = Instant.parse("2026-11-22T00:00:00Z");
    private static CliHarness cli;
    private static final List<String> runIds = new ArrayList<>();

    @BeforeAll
    static void history() {
        cli = new CliHarness(ReportCommandTest.class, T0);
        for (int hour = 0; hour < 8; hour++) {
            cli.seed("h" + hour, 10 + 6 * hour, cli.clock.instant());
            if (hour == 3 || hour == 4) {
                runIds.add(cli.failedRun("database unreachable"));
            } else {
                RunRecord run = cli.scheduledRun();
                runIds.add(run.runId());
            }
            cli.clock.advance(Duration.ofHours(1));
        }
    }

    @AfterAll
    static void stop() {
        cli.close();
    }

    @Test
    void reportIsSelfContainedAndItsChartShowsTheRunsInChromium(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("out/report.html");
        CliHarness.Result written = cli.run("report", "--out", file.toString());
        assertThat(written.exitCode()).as(written.err()).isZero();
        assertThat(written.out()).isEqualTo("wrote " + file.toAbsolutePath() + " (8 runs, freshness fresh)\n");

        String html = Files.readString(file);
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<svg id=\"chart\"")
                .doesNotContain("<script").doesNotContain("<link").doesNotContain(" src=").doesNotContain("url(");
        runIds.forEach(id -> assertThat(html).contains(id));
        assertThat(html).contains("IllegalStateException: database unreachable");
        assertThat(html).as("the pipeline the report is about").contains("<tr><td>Pipeline</td><td>tidemark</td></tr>");

        BufferedImage shot = HeadlessChromium.screenshot(file);
        HeadlessChromium.ColorCount bars = HeadlessChromium.count(shot, HtmlReport.UPSERTED_COLOR, 12);
        HeadlessChromium.ColorCount lag = HeadlessChromium.count(shot, HtmlReport.LAG_COLOR, 12);
        HeadlessChromium.ColorCount failed = HeadlessChromium.count(shot, HtmlReport.FAILED_COLOR, 12);
        System.out.printf("screenshot %dx%d: upserted bars %s, lag line %s, failed markers %s%n", shot.getWidth(),
                shot.getHeight(), bars, lag, failed);
        // The legend swatches alone are 144 pixels at one place; the chart spreads its series over the plot.
        assertThat(bars.pixels()).as("upserted bars in the chart").isGreaterThan(3000);
        assertThat(bars.span()).as("bars spread over the runs").isGreaterThan(700);
        assertThat(lag.pixels()).as("lag line in the chart").isGreaterThan(600);
        assertThat(lag.span()).isGreaterThan(700);
        assertThat(failed.pixels()).as("two failed runs marked").isGreaterThan(2 * 8 * 50);
    }

    @Test
    void theSameCheckSeesAnEmptyChartAsEmpty(@TempDir Path dir) throws Exception {
        // The control for the test above: a report with no runs has only the legend in the series colours.
        Path file = dir.resolve("empty.html");
        StatusView nothing = new StatusView("tidemark", T0, "never-synced", null, 180, "ssm:/x", null, null, List.of(), List.of(), 0,
                null, null, java.time.Duration.ofMinutes(5), null);
        Files.writeString(file, HtmlReport.render(nothing, List.of()));
        BufferedImage shot = HeadlessChromium.screenshot(file);
        HeadlessChromium.ColorCount bars = HeadlessChromium.count(shot, HtmlReport.UPSERTED_COLOR, 12);
        assertThat(bars.pixels()).isLessThan(300);
        assertThat(bars.span()).isLessThan(20);
    }
}
