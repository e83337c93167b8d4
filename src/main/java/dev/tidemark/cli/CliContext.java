package dev.tidemark.cli;

import dev.tidemark.app.Tidemark;
import dev.tidemark.app.TidemarkBuilder;
import dev.tidemark.app.TidemarkConfig;
import dev.tidemark.sync.FanOutEngine;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * What one CLI invocation runs against: the environment it reads its configuration from, the clock, whether
 * output goes to a terminal, and how the application is built. {@link #system()} is the real process; tests
 * pass an environment map and a builder that injects the test stack's SDK clients.
 *
 * @param builders turns the configuration into a builder of the composition root; the default is
 *                 {@link Tidemark#builder}, whose SDK clients read {@code AWS_REGION}, {@code AWS_ENDPOINT_URL_SSM}
 *                 and the rest of the standard AWS variables themselves
 */
public record CliContext(Map<String, String> env, Clock clock, boolean terminal,
                         Function<TidemarkConfig, TidemarkBuilder> builders) {

    /** How many minutes without a successful checkpoint count as stale (the freshness alarm's threshold). */
    public static final String ENV_FRESHNESS_THRESHOLD = "TIDEMARK_FRESHNESS_THRESHOLD_MINUTES";
    static final int DEFAULT_FRESHNESS_THRESHOLD = 180;
    /** The backfill state machine's ARN (the stack output {@code BackfillStateMachineArn}), for {@code backfill --fan-out}. */
    public static final String ENV_BACKFILL_STATE_MACHINE = "TIDEMARK_BACKFILL_STATE_MACHINE";

    public CliContext {
        env = Map.copyOf(env);
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(builders, "builders");
    }

    public static CliContext system() {
        java.io.Console console = System.console();
        return new CliContext(System.getenv(), Clock.systemUTC(), console != null && console.isTerminal(),
                Tidemark::builder);
    }

    TidemarkConfig config() {
        return TidemarkConfig.fromEnvironment(env);
    }

    /** The application as the function builds it, on the same database and checkpoint store. */
    Tidemark open() {
        return builders.apply(config()).clock(clock).build();
    }

    /**
     * The source table alone, for {@code mapping check}: no database is opened, so the database settings may be
     * missing (placeholders stand in for them; nothing reads them).
     */
    dev.tidemark.dynamodb.DynamoDbSourceSample sourceSample() {
        Map<String, String> withoutDatabase = new java.util.HashMap<>(env);
        withoutDatabase.putIfAbsent(TidemarkConfig.ENV_DB_URL, "jdbc:postgresql://not-opened/");
        withoutDatabase.putIfAbsent(TidemarkConfig.ENV_DB_USER, "not-opened");
        return builders.apply(TidemarkConfig.fromEnvironment(withoutDatabase)).clock(clock).buildSourceSample();
    }

    /** The state machine fanned-out backfills start, built without a database (the slices run in the functions). */
    FanOutEngine fanOut(String stateMachineArn) {
        String arn = stateMachineArn != null ? stateMachineArn : env.get(ENV_BACKFILL_STATE_MACHINE);
        if (arn == null || arn.isBlank()) {
            throw new CommandFailure(2, "--fan-out needs the state machine: --state-machine ARN or "
                    + ENV_BACKFILL_STATE_MACHINE + " (the stack output BackfillStateMachineArn)");
        }
        return builders.apply(config()).clock(clock).buildFanOut(arn.strip());
    }

    int freshnessThreshold() {
        String value = env.get(ENV_FRESHNESS_THRESHOLD);
        if (value == null || value.isBlank()) {
            return DEFAULT_FRESHNESS_THRESHOLD;
        }
        try {
            int minutes = Integer.parseInt(value.strip());
            if (minutes > 0) {
                return minutes;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new CommandFailure(1, ENV_FRESHNESS_THRESHOLD + " must be a positive whole number of minutes, was '"
                + value + "'");
    }

    static PrintWriter autoFlush(java.io.OutputStream stream) {
        return new PrintWriter(new java.io.OutputStreamWriter(stream, java.nio.charset.StandardCharsets.UTF_8), true);
    }
}
