package dev.tidemark.cli;

import dev.tidemark.app.Tidemark;
import dev.tidemark.sync.RunRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** {@code tidemark runs list|show}: the run records, the system's control plane. */
@Command(name = "runs", mixinStandardHelpOptions = true, description = "List run records or show one in full.",
        subcommands = {RunsCommand.ListRuns.class, RunsCommand.Show.class})
final class RunsCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The most recent runs, newest first.")
    static final class ListRuns extends OperatorCommand {
        @Option(names = {"-n", "--limit"}, defaultValue = "20", description = "How many runs (default ${DEFAULT-VALUE}).")
        int limit;

        @Option(names = "--status", description = "Only runs with this status: running, succeeded, partial, failed, skipped.")
        String status;

        ListRuns(CliContext context) {
            super(context);
        }

        @Override
        int run(Tidemark app) {
            // Filtered after reading: the run log is small and indexed by start time, and this keeps the
            // port to the two questions the sync itself asks.
            List<RunRecord> runs = app.runLog().recent(status == null ? limit : Math.max(limit, 1000)).stream()
                    .filter(r -> status == null || r.status().dbValue().equals(status.toLowerCase(Locale.ROOT)))
                    .limit(limit).toList();
            if (json) {
                printJson(runs);
            } else {
                out().printf("Pipeline %s%n", app.config().pipelineName());
                RunTable.print(out(), runs);
            }
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Everything recorded about one run.")
    static final class Show extends OperatorCommand {
        @Parameters(paramLabel = "RUN_ID", description = "The run id, as listed by status or runs list.")
        String runId;

        Show(CliContext context) {
            super(context);
        }

        @Override
        int run(Tidemark app) {
            RunRecord r = app.runLog().find(runId)
                    .orElseThrow(() -> new CommandFailure(1, "no run with id " + runId));
            if (json) {
                printJson(r);
            } else {
                print(out(), r);
            }
            return 0;
        }

        static void print(PrintWriter out, RunRecord r) {
            out.printf("Run          %s%n", r.runId());
            out.printf("Mode         %s%s (trigger %s%s)%n", r.mode(), r.dryRun() ? ", dry run" : "", r.trigger(),
                    r.eventId() == null ? "" : ", event " + r.eventId());
            out.printf("Status       %s%n", r.status().dbValue());
            out.printf("Window       [%s, %s)%n", RunTable.time(r.windowFrom()), RunTable.time(r.windowTo()));
            out.printf("Partitions   %d of %d completed%s%n", r.partitionsCompleted(), r.partitions().size(),
                    r.partitions().isEmpty() ? "" : ": " + r.partitions().getFirst() + " .. " + r.partitions().getLast());
            out.printf("Pages        %d%n", r.counts().pages());
            out.printf("Fetched      %d%nUpserted     %d%nUnchanged    %d%nQuarantined  %d%nDeleted      %d%n",
                    r.counts().fetched(), r.counts().upserted(), r.counts().unchanged(), r.counts().quarantined(),
                    r.counts().deleted());
            if (r.reconcile() != null) {
                out.printf("Reconcile    %d missing, %d stale, %d deleted, %d repaired%n", r.reconcile().missing(),
                        r.reconcile().stale(), r.reconcile().deleted(), r.reconcile().repaired());
            }
            if (r.mode().equals("scheduled")) {
                out.printf("Lateness     %d records below the previous checkpoint, at most %.3f s%n",
                        r.lateness().records(), r.lateness().max().toMillis() / 1000.0);
            }
            if (!r.drift().isEmpty()) {
                out.printf("Drift        %s%n", r.drift().entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ")));
                StatusView.printDriftSuggestions(out, r.drift().keySet());
            }
            out.printf("Checkpoint   %s -> %s%n", RunTable.time(r.checkpointBefore()), RunTable.time(r.checkpointAfter()));
            if (r.stoppedAt() != null) {
                out.printf("Stopped      %s%n", r.stoppedAt());
            }
            out.printf("Started      %s%nFinished     %s (%s)%n", r.startedAt(), RunTable.time(r.finishedAt()),
                    RunTable.duration(r));
            if (r.error() != null) {
                out.printf("Error        %s%n", r.error());
            }
        }
    }
}
