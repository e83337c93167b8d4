package dev.tidemark.cli;

import dev.tidemark.app.Tidemark;
import dev.tidemark.sync.RunRecord;
import dev.tidemark.sync.RunRequest;
import dev.tidemark.sync.RunStatus;
import dev.tidemark.sync.SyncFailedException;
import dev.tidemark.sync.TimeBudget;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code tidemark backfill --from --to}: re-reads whole UTC days, one day slice (one recorded run) at a time,
 * without moving the live checkpoint; with {@code --fan-out}, on the deployed state machine instead
 * ({@link FanOutFollower}). On a terminal a progress bar advances per slice; otherwise (a log, a
 * pipe, CI) each slice prints one plain line.
 */
@Command(name = "backfill", mixinStandardHelpOptions = true,
        description = {"Re-read the UTC days FROM..TO (inclusive), one run per day slice; the checkpoint is not moved.",
                "Stops at the first failed slice and says where to continue."})
final class BackfillCommand extends OperatorCommand {
    private static final int BAR = 30;

    @Option(names = "--from", required = true, paramLabel = "YYYY-MM-DD", description = "First UTC day.")
    LocalDate from;

    @Option(names = "--to", required = true, paramLabel = "YYYY-MM-DD", description = "Last UTC day (inclusive).")
    LocalDate to;

    @Option(names = "--dry-run", description = "Read and count each day as for real; write nothing.")
    boolean dryRun;

    @Option(names = "--fan-out", description = {"Run the slices (day x shard) in parallel on the deployed backfill state",
            "machine instead of one by one here; follows its map run and ends with its summary."})
    boolean fanOut;

    @Option(names = "--state-machine", paramLabel = "ARN", description = {"The backfill state machine (stack output",
            "BackfillStateMachineArn); default: $" + CliContext.ENV_BACKFILL_STATE_MACHINE + "."})
    String stateMachine;

    @Option(names = "--poll", paramLabel = "DURATION", defaultValue = "PT5S",
            description = "How often --fan-out asks for progress (ISO-8601, default PT5S).")
    Duration poll;

    BackfillCommand(CliContext context) {
        super(context);
    }

    @Override
    boolean needsApplication() {
        return !fanOut;
    }

    @Override
    int run(Tidemark app) {
        if (to.isBefore(from)) {
            throw new CommandFailure(2, "--to " + to + " is before --from " + from);
        }
        if (fanOut) {
            if (dryRun) {
                throw new CommandFailure(2, "--dry-run runs here, one day at a time: leave out --fan-out");
            }
            return new FanOutFollower(context, out(), context.terminal() && !json, json ? this::printJson : null)
                    .run(stateMachine, from, to, poll);
        }
        int days = (int) ChronoUnit.DAYS.between(from, to) + 1;
        boolean bar = context.terminal() && !json;
        List<RunRecord> slices = new ArrayList<>();
        PrintWriter out = out();
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            int done = slices.size();
            if (bar) {
                drawBar(out, done, days, "days", day + " reading…");
            }
            List<RunRecord> runs;
            try {
                runs = app.sync().run(new RunRequest.Backfill(day, day, dryRun), TimeBudget.UNLIMITED);
            } catch (SyncFailedException e) {
                if (bar) {
                    out.print("\r\033[2K");
                }
                out.printf("%s  failed  run %s%n", day, e.runId());
                throw new CommandFailure(1, "backfill failed on " + day + " (run " + e.runId() + "): "
                        + TidemarkCli.oneLine(e.getCause()) + "; continue with --from " + day);
            }
            if (runs.isEmpty()) {
                // The service stops at a day that has not settled yet (today, within the settle delay).
                finishLine(out, bar, day + "  not settled yet: stopped here");
                break;
            }
            RunRecord slice = runs.getFirst();
            slices.add(slice);
            finishLine(out, bar, line(slice, day, slices.size(), days));
            if (slice.status() == RunStatus.SKIPPED) {
                throw new CommandFailure(1, "backfill stopped at " + day + ": " + slice.error() + "; continue with --from " + day);
            }
            if (bar) {
                drawBar(out, slices.size(), days, "days", "");
            }
        }
        if (bar) {
            out.print("\r\033[2K");
        }
        if (json) {
            printJson(slices);
        } else {
            out.printf("backfill %s..%s%s: %s, %d fetched, %d upserted, %d unchanged, %d quarantined%n",
                    from, to, dryRun ? " (dry run)" : "", Plurals.count(slices.size(), "day slice"),
                    slices.stream().mapToInt(r -> r.counts().fetched()).sum(),
                    slices.stream().mapToInt(r -> r.counts().upserted()).sum(),
                    slices.stream().mapToInt(r -> r.counts().unchanged()).sum(),
                    slices.stream().mapToInt(r -> r.counts().quarantined()).sum());
        }
        out.flush();
        return 0;
    }

    private void finishLine(PrintWriter out, boolean bar, String line) {
        if (json) {
            return;
        }
        if (bar) {
            out.print("\r\033[2K");
        }
        out.println(line);
        out.flush();
    }

    static String line(RunRecord r, LocalDate day, int n, int days) {
        return String.format("%s  %d/%d  %-9s run %s  fetched %d  upserted %d  unchanged %d  quarantined %d  %s",
                day, n, days, r.status().dbValue(), r.runId(), r.counts().fetched(), r.counts().upserted(),
                r.counts().unchanged(), r.counts().quarantined(), RunTable.duration(r));
    }

    static void drawBar(PrintWriter out, int done, int total, String unit, String label) {
        int filled = total == 0 ? BAR : done * BAR / total;
        out.print("\r\033[2K[" + "#".repeat(filled) + " ".repeat(BAR - filled) + "] " + done + "/" + total + " " + unit
                + "  " + label);
        out.flush();
    }
}
