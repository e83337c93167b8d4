package dev.tidemark.cli;

import dev.tidemark.app.Tidemark;
import dev.tidemark.sync.RunRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** {@code tidemark report --out FILE.html}: the run history for people who would rather look than read. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write a self-contained HTML page (no scripts, no external files): status, a chart of records"
                + " synced and data lag per run over time, and the run table.")
final class ReportCommand extends OperatorCommand {

    @Option(names = "--out", required = true, paramLabel = "FILE.html", description = "Where to write the page.")
    Path out;

    @Option(names = {"-n", "--runs"}, defaultValue = "200", description = "How many recent runs (default ${DEFAULT-VALUE}).")
    int runs;

    ReportCommand(CliContext context) {
        super(context);
    }

    @Override
    int run(Tidemark app) {
        StatusView status = StatusView.gather(app, context.clock().instant(), context.freshnessThreshold(), 10);
        List<RunRecord> history = app.runLog().recent(runs).reversed();
        try {
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(out, HtmlReport.render(status, history), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + out + ": " + e.getMessage(), e);
        }
        if (json) {
            printJson(Map.of("file", out.toAbsolutePath().toString(), "runs", history.size(), "state", status.state()));
        } else {
            out().printf("wrote %s (%s, freshness %s)%n", out.toAbsolutePath(), Plurals.count(history.size(), "run"),
                    status.state());
        }
        return 0;
    }
}
