package dev.tidemark.cli;

import dev.tidemark.app.Tidemark;
import dev.tidemark.core.Checkpoint;
import dev.tidemark.sync.ReconcileCounts;
import dev.tidemark.sync.RunRecord;
import dev.tidemark.sync.RunRequest;
import dev.tidemark.sync.RunStatus;
import dev.tidemark.sync.TimeBudget;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;


import java.time.Duration;
import java.util.Optional;

/**
 * The commands that run the sync itself, in this process, on the same source table, database and checkpoint as
 * the function (and under the same lock, so they never overlap a scheduled run).
 */
final class RunCommands {
    private RunCommands() {
    }

    /** Runs one request and prints the run; a skipped or failed run makes the command fail. */
    abstract static class RunningCommand extends OperatorCommand {
        @Option(names = "--dry-run", description = "Plan and read exactly as for real, write nothing (recorded as a dry run).")
        boolean dryRun;

        RunningCommand(CliContext context) {
            super(context);
        }

        RunRecord runOne(Tidemark app, RunRequest request) {
            return runOne(app, request, TimeBudget.UNLIMITED);
        }

        RunRecord runOne(Tidemark app, RunRequest request, TimeBudget budget) {
            // The SyncFailedException of a failed run (already recorded as failed) ends the command with its reason.
            RunRecord run = app.sync().run(request, budget).getFirst();
            if (json) {
                printJson(run);
            } else {
                RunsCommand.Show.print(out(), run);
            }
            if (run.status() == RunStatus.SKIPPED) {
                throw new CommandFailure(1, "run " + run.runId() + " skipped: " + run.error());
            }
            return run;
        }
    }

    @Command(name = "sync", mixinStandardHelpOptions = true,
            description = "Run the scheduled incremental sync now (what the hourly trigger does), from the checkpoint.")
    static final class Sync extends RunningCommand {
        @Option(names = "--max-duration", paramLabel = "DURATION", description = {"Stop after a committed page once"
                + " this much time (ISO-8601, e.g. PT2M) less TIDEMARK_TIME_RESERVE has passed, checkpoint the"
                + " committed frontier and record the run as partial, as a Lambda run does near its timeout.",
                "Default: no limit."})
        Duration maxDuration;

        Sync(CliContext context) {
            super(context);
        }

        @Override
        int run(Tidemark app) {
            if (maxDuration != null && maxDuration.isNegative()) {
                throw new CommandFailure(2, "--max-duration must not be negative, was " + maxDuration);
            }
            RunRecord run = runOne(app, new RunRequest.Scheduled("cli", null, dryRun),
                    maxDuration == null ? TimeBudget.UNLIMITED : TimeBudget.of(maxDuration, context.clock()));
            if (!json && run.status() == RunStatus.PARTIAL) {
                out().printf("%nPartial: stopped %s. Run tidemark sync again to continue from there.%n",
                        run.stoppedAt());
            }
            return 0;
        }
    }

    @Command(name = "rerun", mixinStandardHelpOptions = true,
            description = {"Replay exactly the window [from, to) recorded for RUN_ID (any mode with a window, e.g. a"
                    + " failed scheduled run).", "Upserts are idempotent and monotonic, so a rerun can never regress"
                    + " data. It never moves the checkpoint."})
    static final class Rerun extends RunningCommand {
        @Parameters(paramLabel = "RUN_ID", description = "The run whose window to replay (see tidemark status / runs list).")
        String runId;

        Rerun(CliContext context) {
            super(context);
        }

        @Override
        int run(Tidemark app) {
            RunRecord original = app.runLog().find(runId)
                    .orElseThrow(() -> new CommandFailure(1, "no run with id " + runId));
            if (original.windowFrom() == null) {
                throw new CommandFailure(1, "run " + runId + " (" + original.mode() + ") has no window to replay");
            }
            RunRecord rerun = runOne(app, new RunRequest.Rerun(runId, dryRun));
            Optional<Checkpoint> checkpoint = app.checkpoints().read();
            if (!json && !dryRun && checkpoint.isPresent() && rerun.windowTo().isAfter(checkpoint.get().watermark())) {
                out().printf("%nThe checkpoint stays at %s (a rerun never moves it); the next scheduled run continues"
                        + " from there. To catch up now: tidemark sync%n", checkpoint.get().watermark());
            }
            return 0;
        }
    }

    @Command(name = "reconcile", mixinStandardHelpOptions = true,
            description = {"Continue (or start) the reconcile pass: every source key and its updatedAt against"
                    + " PostgreSQL, in bounded pieces; write the rows that are missing or older than the source"
                    + " (writes the overlap missed), soft-delete the rows whose source item is gone.",
                    "A pass continues across invocations until it is complete. With --dry-run, count and write"
                    + " nothing."})
    static final class Reconcile extends RunningCommand {
        @Option(names = "--max-duration", paramLabel = "DURATION", description = {"Stop after a committed page once"
                + " this much time (ISO-8601, e.g. PT10M) less the reserve has passed; the next reconcile continues"
                + " the pass from there.", "Default: no limit."})
        Duration maxDuration;

        @Option(names = "--restart", description = "Abandon the running pass and start a new one.")
        boolean restart;

        @Option(names = "--fan-out", description = {"Run the pass's pieces in parallel on the deployed backfill state"
                + " machine (the same Distributed Map), one piece per map item; follows it and ends with its summary."})
        boolean fanOut;

        @Option(names = "--state-machine", paramLabel = "ARN", description = {"The state machine (stack output"
                + " BackfillStateMachineArn); default: $" + CliContext.ENV_BACKFILL_STATE_MACHINE + "."})
        String stateMachine;

        @Option(names = "--poll", paramLabel = "DURATION", defaultValue = "PT5S",
                description = "How often --fan-out asks for progress (ISO-8601, default PT5S).")
        Duration poll;

        @Option(names = "--recent", paramLabel = "DURATION", description = {"Instead of the pass, sweep only the"
                + " items written in this last stretch (ISO-8601, e.g. P2D): GSI queries over its day partitions,"
                + " every shard. Cheap; finds late writes, not hard deletes."})
        Duration recent;

        Reconcile(CliContext context) {
            super(context);
        }

        @Override
        boolean needsApplication() {
            return !fanOut;
        }

        @Override
        int run(Tidemark app) {
            if (fanOut) {
                if (dryRun || recent != null || maxDuration != null || restart) {
                    // A restart beside a fan-out would abandon the very pass its map items are working on.
                    throw new CommandFailure(2, "--fan-out runs the pass in the functions: leave out --dry-run,"
                            + " --recent, --max-duration and --restart");
                }
                return new FanOutFollower(context, out(), context.terminal() && !json, json ? this::printJson : null)
                        .runReconcile(stateMachine, poll);
            }
            if (maxDuration != null && maxDuration.isNegative()) {
                throw new CommandFailure(2, "--max-duration must not be negative, was " + maxDuration);
            }
            RunRequest.Reconcile request;
            try {
                request = new RunRequest.Reconcile(dryRun, restart, null, recent);
            } catch (IllegalArgumentException bad) {
                throw new CommandFailure(2, bad.getMessage());
            }
            RunRecord run = runOne(app, request,
                    maxDuration == null ? TimeBudget.UNLIMITED : TimeBudget.of(maxDuration, context.clock()));
            ReconcileCounts found = run.reconcile();
            if (!json && found != null) {
                out().printf("%n%d source %s compared: %d missing, %d stale, %d deleted, %d repaired%n",
                        run.counts().fetched(), recent != null ? "items" : "keys", found.missing(), found.stale(),
                        found.deleted(), found.repaired());
                if (dryRun && !found.clean()) {
                    out().printf("Dry run: nothing written; %d rows would be repaired and %d soft-deleted%n",
                            found.missing() + found.stale(), found.deleted());
                }
                if (run.status() == RunStatus.PARTIAL) {
                    out().printf("Partial: %s%n", run.error());
                }
            }
            return 0;
        }
    }
}
