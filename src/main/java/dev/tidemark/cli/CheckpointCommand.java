package dev.tidemark.cli;

import dev.tidemark.app.Tidemark;
import dev.tidemark.core.Checkpoint;
import dev.tidemark.postgres.PostgresRunHistory;
import dev.tidemark.postgres.PostgresRunLock;
import dev.tidemark.sync.CoverageGap;
import dev.tidemark.sync.RunCounts;
import dev.tidemark.sync.RunIds;
import dev.tidemark.sync.RunLock;
import dev.tidemark.sync.RunRecord;
import dev.tidemark.sync.RunStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code tidemark checkpoint get|set}: read or move the watermark the next scheduled run starts from. */
@Command(name = "checkpoint", mixinStandardHelpOptions = true,
        description = "Read or move the sync checkpoint (SSM parameter, or PostgreSQL in the embedded demo).",
        subcommands = {CheckpointCommand.Get.class, CheckpointCommand.Set.class})
final class CheckpointCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Print the checkpoint.")
    static final class Get extends OperatorCommand {
        Get(CliContext context) {
            super(context);
        }

        @Override
        int run(Tidemark app) {
            Optional<Checkpoint> checkpoint = app.checkpoints().read();
            if (json) {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("location", app.checkpoints().location());
                out.put("checkpoint", checkpoint.orElse(null));
                printJson(out);
            } else if (checkpoint.isEmpty()) {
                out().printf("%s: no checkpoint yet (the first run reads the first-run lookback, %s)%n",
                        app.checkpoints().location(), app.config().firstRunLookback());
            } else {
                Checkpoint c = checkpoint.get();
                out().printf("%s%n  watermark     %s%n  written at    %s%n  written by    %s%n",
                        app.checkpoints().location(), c.watermark(), c.committedAt(),
                        c.runId() == null ? "-" : c.runId());
            }
            return 0;
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = {"Move the checkpoint to TIMESTAMP and record the move as a run (mode checkpoint).",
                    "Moving back is always allowed: the next run re-reads from there, and upserts are idempotent.",
                    "Moving forward past unsynced data is refused without --force. Unsynced means source changes"
                            + " at or after the synced frontier: the end of the furthest window a succeeded run"
                            + " committed (a partial run counts up to the checkpoint it wrote), or any coverage gap"
                            + " between the current checkpoint and TIMESTAMP."})
    static final class Set extends OperatorCommand {
        @Parameters(paramLabel = "TIMESTAMP", description = "ISO-8601 instant (2026-11-22T10:00:00Z) or UTC date (2026-11-22 = its midnight).")
        String timestamp;

        @Option(names = "--force", description = "Move forward even past unsynced data (those changes are skipped until a backfill).")
        boolean force;

        Set(CliContext context) {
            super(context);
        }

        @Override
        int run(Tidemark app) {
            Instant target = parse(timestamp);
            RunLock lock = new PostgresRunLock(app.dataSource(), PostgresRunLock.keyFor(app.config().checkpointParameter()));
            Optional<RunLock.Held> held = lock.tryAcquire();
            if (held.isEmpty()) {
                throw new CommandFailure(1, "a sync run holds the sync lock; try again when it has finished");
            }
            try (RunLock.Held ignored = held.get()) {
                return move(app, target);
            }
        }

        private int move(Tidemark app, Instant target) {
            Instant before = app.checkpoints().read().map(Checkpoint::watermark).orElse(null);
            if (target.equals(before)) {
                out().printf("checkpoint already at %s; nothing changed%n", target);
                return 0;
            }
            Optional<Instant> frontier = new PostgresRunHistory(app.dataSource(), app.config().pipelineName()).syncedFrontier();
            boolean forward = before == null || target.isAfter(before);
            boolean pastUnsynced = forward && frontier.map(target::isAfter).orElse(true);
            if (pastUnsynced && !force) {
                throw new CommandFailure(1, "refusing to move the checkpoint forward to " + target + ": changes from "
                        + frontier.map(Instant::toString).orElse("the beginning (no run has synced anything)")
                        + " on are unsynced and would be skipped; use --force to skip them anyway");
            }
            Optional<CoverageGap> hole = forward ? app.runLog().coverageGaps().stream()
                    .filter(g -> g.to().isAfter(before == null ? Instant.MIN : before) && g.from().isBefore(target))
                    .findFirst() : Optional.empty();
            if (hole.isPresent() && !force) {
                throw new CommandFailure(1, "refusing to move the checkpoint forward to " + target + ": no succeeded"
                        + " run covered [" + hole.get().from() + ", " + hole.get().to() + "); rerun or backfill it,"
                        + " or use --force to skip it");
            }
            pastUnsynced |= hole.isPresent();
            Instant now = context.clock().instant();
            String runId = RunIds.next(now);
            app.checkpoints().write(new Checkpoint(target, runId, now));
            // No window on purpose: a checkpoint move reads nothing, so it must not count as coverage.
            RunRecord record = new RunRecord(runId, "checkpoint", force ? "cli --force" : "cli", null, null, null,
                    List.of(), 0, RunCounts.ZERO, Map.of(), before, target, RunStatus.SUCCEEDED,
                    pastUnsynced ? "forced past unsynced data (synced frontier "
                            + frontier.map(Instant::toString).orElse("none") + hole.map(g -> ", gap [" + g.from() + ", "
                            + g.to() + ")").orElse("") + ")" : null, false, now, now);
            app.runLog().start(record);
            if (json) {
                printJson(record);
            } else {
                out().printf("checkpoint %s moved %s from %s to %s (recorded as run %s)%n",
                        app.checkpoints().location(), forward ? "forward" : "back", before, target, runId);
            }
            return 0;
        }

        static Instant parse(String text) {
            try {
                return text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant()
                        : Instant.parse(text);
            } catch (DateTimeParseException e) {
                throw new CommandFailure(2, "TIMESTAMP must be an ISO-8601 instant like 2026-11-22T10:00:00Z or a"
                        + " date like 2026-11-22, was '" + text + "'");
            }
        }
    }
}
