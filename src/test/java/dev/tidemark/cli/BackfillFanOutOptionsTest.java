package dev.tidemark.cli;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 14: {@code backfill --fan-out} says what it needs before it starts anything (the run itself: FanOutOnStepFunctionsTest). */
class BackfillFanOutOptionsTest {
    private static CliHarness cli;

    @BeforeAll
    static void start() {
        cli = new CliHarness(BackfillFanOutOptionsTest.class, Instant.parse("2026-11-30T12:00:00Z"));
    }

    @AfterAll
    static void stop() {
        cli.close();
    }

    @Test
    void withoutAStateMachineItSaysWhereToNameOne() {
        CliHarness.Result r = cli.run("backfill", "--from", "2026-11-01", "--to", "2026-11-03", "--fan-out");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--state-machine ARN or TIDEMARK_BACKFILL_STATE_MACHINE",
                "BackfillStateMachineArn");
    }

    @Test
    void aDryRunIsNotFannedOut() {
        cli.env.put(CliContext.ENV_BACKFILL_STATE_MACHINE, "arn:aws:states:us-east-1:123456789012:stateMachine:x");
        CliHarness.Result r = cli.run("backfill", "--from", "2026-11-01", "--to", "2026-11-03", "--fan-out",
                "--dry-run");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--dry-run runs here, one day at a time: leave out --fan-out");
        cli.env.remove(CliContext.ENV_BACKFILL_STATE_MACHINE);
    }

    @Test
    void aReconcileRestartIsNotFannedOut() {
        cli.env.put(CliContext.ENV_BACKFILL_STATE_MACHINE, "arn:aws:states:us-east-1:123456789012:stateMachine:x");
        CliHarness.Result r = cli.run("reconcile", "--fan-out", "--restart");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("leave out --dry-run, --recent, --max-duration and --restart");
        cli.env.remove(CliContext.ENV_BACKFILL_STATE_MACHINE);
    }
}
