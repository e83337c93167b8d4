package dev.tidemark.cli;

import dev.tidemark.app.Tidemark;
import dev.tidemark.postgres.PostgresQuarantine;
import dev.tidemark.sync.QuarantineEntry;
import dev.tidemark.sync.QuarantineReplay;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;

/** {@code tidemark quarantine list|show|replay}: the items the parser refused, and a second chance for them. */
@Command(name = "quarantine", mixinStandardHelpOptions = true,
        description = "Items the parser rejected: list them, show one whole, replay them with the current mapping.",
        subcommands = {QuarantineCommand.ListEntries.class, QuarantineCommand.Show.class, QuarantineCommand.Replay.class})
final class QuarantineCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Quarantined items, oldest first (open ones unless --all).")
    static final class ListEntries extends OperatorCommand {
        @Option(names = {"-n", "--limit"}, defaultValue = "50", description = "How many (default ${DEFAULT-VALUE}).")
        int limit;

        @Option(names = "--reason", description = "Only this reason code, e.g. MISSING_KEY.")
        String reason;

        @Option(names = "--all", description = "Include entries a replay has resolved.")
        boolean all;

        ListEntries(CliContext context) {
            super(context);
        }

        @Override
        int run(Tidemark app) {
            PostgresQuarantine quarantine = new PostgresQuarantine(app.dataSource(), app.config().pipelineName());
            List<QuarantineEntry> entries = quarantine.list(0, limit, reason, all);
            if (json) {
                printJson(entries.stream().map(Summary::of).toList());
                return 0;
            }
            out().printf("%-8s %-20s %-24s %-20s %-9s %s%n", "ID", "SOURCE KEY", "UPDATED AT", "REASON", "STATE", "DETAIL");
            for (QuarantineEntry e : entries) {
                out().printf("%-8d %-20s %-24s %-20s %-9s %s%n", e.id(),
                        RunTable.abbreviate(String.valueOf(e.sourceKey()), 20), RunTable.time(e.sourceUpdatedAt()),
                        e.reason(), e.open() ? "open" : "resolved", RunTable.abbreviate(String.valueOf(e.detail()), 80));
            }
            out().printf("%d shown, %d open in total%n", entries.size(), quarantine.openCount());
            return 0;
        }

        /** The list without the raw item, which {@code show} prints. */
        record Summary(long id, String runId, String sourceKey, java.time.Instant sourceUpdatedAt, String reason,
                       String detail, boolean open, String resolvedByRun) {
            static Summary of(QuarantineEntry e) {
                return new Summary(e.id(), e.runId(), e.sourceKey(), e.sourceUpdatedAt(), e.reason(), e.detail(),
                        e.open(), e.resolvedByRun());
            }
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "One quarantined item with its raw source JSON.")
    static final class Show extends OperatorCommand {
        @Parameters(paramLabel = "ID", description = "The quarantine id, as listed.")
        long id;

        Show(CliContext context) {
            super(context);
        }

        @Override
        int run(Tidemark app) {
            QuarantineEntry e = new PostgresQuarantine(app.dataSource(), app.config().pipelineName()).find(id)
                    .orElseThrow(() -> new CommandFailure(1, "no quarantine entry with id " + id));
            if (json) {
                printJson(e);
                return 0;
            }
            out().printf("Quarantine   %d (%s)%nSource key   %s%nUpdated at   %s%nReason       %s%nDetail       %s%n"
                            + "Run          %s%nQuarantined  %s%n", e.id(), e.open() ? "open" : "resolved by run "
                            + e.resolvedByRun() + " at " + e.resolvedAt(), e.sourceKey(),
                    RunTable.time(e.sourceUpdatedAt()), e.reason(), e.detail(), e.runId(), e.quarantinedAt());
            try {
                Object raw = JSON.readTree(e.rawJson());
                out().println("Raw item:");
                out().println(JSON.writeValueAsString(raw));
            } catch (com.fasterxml.jackson.core.JsonProcessingException unreadable) {
                out().println("Raw item:     " + e.rawJson());
            }
            return 0;
        }
    }

    @Command(name = "replay", mixinStandardHelpOptions = true,
            description = {"Re-parse open quarantined items with the current mapping; write those that now pass",
                    "(monotonic upsert: never over newer data) and mark them resolved. Recorded as a run (mode replay)."})
    static final class Replay extends OperatorCommand {
        @Option(names = {"-n", "--limit"}, defaultValue = "10000", description = "At most this many items, oldest first (default ${DEFAULT-VALUE}).")
        int limit;

        @Option(names = "--reason", description = "Only items quarantined with this reason code.")
        String reason;

        @Option(names = "--dry-run", description = "Report what would pass; write nothing.")
        boolean dryRun;

        Replay(CliContext context) {
            super(context);
        }

        @Override
        int run(Tidemark app) {
            QuarantineReplay replay = app.quarantineReplay();
            QuarantineReplay.Result result = replay.replay(limit, reason, dryRun, "cli");
            if (json) {
                printJson(result);
                return 0;
            }
            for (QuarantineReplay.Outcome o : result.outcomes()) {
                out().printf("%-8d %-20s %-20s %s%n", o.quarantineId(), RunTable.abbreviate(String.valueOf(o.sourceKey()), 20),
                        o.oldReason(), o.nowPasses() ? (dryRun ? "would pass" : "passes: written, resolved")
                                : "still rejected: " + RunTable.abbreviate(o.stillRejectedBecause(), 100));
            }
            long passed = result.outcomes().stream().filter(QuarantineReplay.Outcome::nowPasses).count();
            out().printf("%s %d of %d quarantined items pass the current mapping%s; %d stay quarantined (run %s)%n",
                    dryRun ? "Dry run:" : "Replayed:", passed, result.outcomes().size(),
                    dryRun ? "" : " (" + result.run().counts().upserted() + " upserted, "
                            + result.run().counts().unchanged() + " unchanged)",
                    result.outcomes().size() - passed, result.run().runId());
            return 0;
        }
    }
}
