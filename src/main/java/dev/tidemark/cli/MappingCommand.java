package dev.tidemark.cli;

import dev.tidemark.core.mapping.Mapping;
import dev.tidemark.core.mapping.MappingCheck;
import dev.tidemark.core.mapping.MappingException;
import dev.tidemark.core.mapping.MappingReader;
import dev.tidemark.dynamodb.DynamoDbSourceSample;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code tidemark mapping check FILE}: a mapping file tried on the live table, writing nothing. */
@Command(name = "mapping", mixinStandardHelpOptions = true,
        description = "Mapping files (docs/mapping.md): TIDEMARK_MAPPING names the one a run uses.",
        subcommands = {MappingCommand.Check.class, MappingPromote.class})
final class MappingCommand implements Runnable {
    /** The exit code of a check that found something (the file itself was valid). */
    static final int FINDINGS = 4;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Validate FILE, then try it on a sample of the source table: the table's key and index, the"
                    + " items it would quarantine and why, unmapped attributes, values its columns cannot read.",
                    "Reads only (DescribeTable, a Scan of at most --sample items); writes nothing anywhere.",
                    "Exit 0: nothing found; 1: FILE is invalid or the table cannot be read; " + FINDINGS
                            + ": findings (listed)."})
    static final class Check implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "The mapping file (YAML or JSON).")
        Path file;

        @Option(names = "--sample", defaultValue = "1000", description = "How many items to read at most (default ${DEFAULT-VALUE}).")
        int sample;

        @Option(names = "--table", description = "Read this table instead of the one the mapping names.")
        String table;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        private final CliContext context;

        Check(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            if (sample < 1) {
                throw new CommandFailure(2, "--sample must be at least 1");
            }
            Mapping mapping = read();
            String source = table != null ? table : mapping.source().table();
            MappingCheck check = new MappingCheck(mapping);
            try (DynamoDbSourceSample sampler = context.sourceSample()) {
                check.table(sampler.describe(source));
                sampler.sample(source, sample).forEach(check::add);
            }
            var out = spec.commandLine().getOut();
            out.println(file + " on table " + source + ":");
            check.lines().forEach(line -> out.println("  " + line));
            return check.clean() ? 0 : FINDINGS;
        }

        private Mapping read() {
            return MappingCommand.read(file, readText(file), spec);
        }
    }

    static String readText(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CommandFailure(1, "cannot read " + file + ": " + e.getMessage());
        }
    }

    /** The mapping in {@code text}, or a failure listing its problems on stderr. */
    static Mapping read(Path file, String text, picocli.CommandLine.Model.CommandSpec spec) {
        try {
            return MappingReader.read(text, file.toString());
        } catch (MappingException e) {
            var err = spec.commandLine().getErr();
            e.problems().forEach(p -> err.println(file + ": " + p));
            throw new CommandFailure(1, file + " is not a valid mapping (" + e.problems().size() + " problem"
                    + (e.problems().size() == 1 ? "" : "s") + ")");
        }
    }
}
