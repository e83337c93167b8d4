package dev.tidemark.cli;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.tidemark.app.Tidemark;
import dev.tidemark.sync.RunStatus;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * A command that works on the deployed system: it opens the composition root from the environment, does its
 * work, prints text (or JSON with {@code --json}) and closes everything again.
 */
abstract class OperatorCommand implements Callable<Integer> {
    static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            // Durations (lateness, the overlap lag) as ISO-8601 like every other setting: "PT2M55S".
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .addMixIn(RunStatus.class, RunStatusAsDbValue.class)
            .build();

    /** Statuses in JSON as in {@code sync_runs} and the text output: {@code failed}, not {@code FAILED}. */
    private abstract static class RunStatusAsDbValue {
        @JsonValue
        abstract String dbValue();
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print machine-readable JSON instead of text.")
    boolean json;

    final CliContext context;

    OperatorCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public final Integer call() {
        if (!needsApplication()) {
            return run(null);
        }
        try (Tidemark app = context.open()) {
            return run(app);
        }
    }

    /** False for work done entirely elsewhere (a fanned-out backfill runs in the functions, not here). */
    boolean needsApplication() {
        return true;
    }

    abstract int run(Tidemark app);

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    void printJson(Object value) {
        try {
            out().println(JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write JSON output", e);
        }
    }
}
