package dev.tidemark.cli;

import dev.tidemark.app.Tidemark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tidemark status}: is the data fresh, where is the checkpoint, what did the last runs do. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Freshness against the alarm threshold, the checkpoint, the last runs, coverage gaps and the"
                + " open quarantine.",
                "Exit 0 when fresh; 3 when stale or never synced (the reason on stderr), so scripts can page."})
final class StatusCommand extends OperatorCommand {

    @Option(names = {"-n", "--runs"}, defaultValue = "10", description = "How many recent runs to list (default ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--threshold", description = "Freshness threshold in minutes (default: "
            + CliContext.ENV_FRESHNESS_THRESHOLD + ", else 180, as the alarm).")
    Integer threshold;

    StatusCommand(CliContext context) {
        super(context);
    }

    @Override
    int run(Tidemark app) {
        StatusView status = StatusView.gather(app, context.clock().instant(),
                threshold == null ? context.freshnessThreshold() : threshold, runs);
        if (json) {
            printJson(status);
        } else {
            status.print(out());
        }
        if (!status.healthy()) {
            throw new CommandFailure(3, status.reason());
        }
        return 0;
    }
}
