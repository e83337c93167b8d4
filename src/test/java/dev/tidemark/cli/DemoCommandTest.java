package dev.tidemark.cli;

import dev.tidemark.app.Tidemark;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.io.StringWriter;
import java.time.Clock;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code tidemark demo}: the embedded default still needs nothing but a JDK, and ends with the status view. */
class DemoCommandTest {

    @Test
    void demoRunsTwoSyncsInProcessAndEndsWithStatus() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        // An empty environment: the demo configures itself; nothing of the test stack is used.
        CliContext context = new CliContext(Map.of(), Clock.systemUTC(), false, Tidemark::builder);
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        PrintStream realStdout = System.out;
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = TidemarkCli.execute(context, new PrintWriter(out, true), new PrintWriter(err, true),
                    "demo", "--days", "1", "--per-day", "30", "--updates", "3", "--inserts", "2");
        } finally {
            System.setOut(realStdout);
        }
        // Nothing but the demo's own lines reach the screen: DynamoDB Local's start-up banner is held back.
        assertThat(stdout.toString(StandardCharsets.UTF_8)).doesNotContain("DynamoDB Local");

        assertThat(code).as(err.toString()).isZero();
        String text = out.toString();
        assertThat(text).contains("Second run (incremental): succeeded")
                .contains("  fetched     5 in 1 page\n")
                .doesNotContain("1 pages").doesNotContain("1 day partitions");
        assertThat(text).contains("What to try next:", "bin/test ", "bin/tidemark demo --serve ",
                "sam build && sam deploy --guided ");
        String status = text.substring(text.indexOf("The operator's view of it (tidemark status):"));
        assertThat(status).contains("Freshness:   FRESH, 0 min since the last successful checkpoint")
                .contains("Checkpoint:  postgres:checkpoints/")
                .contains("Quarantine:  1 open")
                .contains("Last 2 runs:");
        // The first run read the 30 seeded posts and the 4 messy ones; the second the 5 changes.
        assertThat(status).containsPattern("scheduled\\s+succeeded\\s+.*\\s+34\\s+33\\s+0\\s+1\\s")
                .containsPattern("scheduled\\s+succeeded\\s+.*\\s+5\\s+5\\s+0\\s+0\\s");
        // The status view comes last before the suggestions: it ends with the run table's oldest row.
        assertThat(lastLine(text.substring(0, text.indexOf("What to try next:")))).matches("\\d{8}T\\d{6}Z-\\p{XDigit}{8}\\s+scheduled\\s+succeeded\\s.*\\s34\\s+33\\s+0\\s+1\\s+\\S+s");
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\n");
        return lines[lines.length - 1];
    }
}
