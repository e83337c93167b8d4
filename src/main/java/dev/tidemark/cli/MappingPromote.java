package dev.tidemark.cli;

import dev.tidemark.app.Tidemark;
import dev.tidemark.app.TidemarkConfig;
import dev.tidemark.core.mapping.ColumnSpec;
import dev.tidemark.core.mapping.Mapping;
import dev.tidemark.core.mapping.MappingEdits;
import dev.tidemark.core.mapping.SqlType;
import dev.tidemark.postgres.PostgresPromotion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code tidemark mapping promote FIELD --as COLUMN TYPE}: a drift field becomes a column without reading the
 * source. The mapping file gains the column line, the schema gains the column, and the rows' unmapped-attributes
 * jsonb fills it page by page; the next run (with the same file) writes it directly. Safe to run again: a file
 * that already maps the field keeps its line, and the fill continues with the rows still holding the field.
 */
@Command(name = "promote", mixinStandardHelpOptions = true,
        description = {"Turn the drift field FIELD into the root column COLUMN of type TYPE: adds the column to the"
                + " mapping file, adds it to the table, and fills it from the rows' unmapped-attributes jsonb in"
                + " pages, without reading the source. Each row is filled only if no newer version was written"
                + " meanwhile (a run with the new mapping writes the column itself).",
                "TYPE: text, numeric, bigint, boolean, timestamptz, jsonb or text[]."})
final class MappingPromote implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FIELD", description = "The unmapped attribute, as drift names it.")
    String field;

    @Option(names = "--as", arity = "2", required = true, paramLabel = "COLUMN TYPE",
            description = "The new column's name and PostgreSQL type.")
    String[] as;

    @Option(names = "--mapping", paramLabel = "FILE",
            description = "The mapping file to change (default: the file TIDEMARK_MAPPING names).")
    Path file;

    @Option(names = "--page-size", defaultValue = "5000", description = "Rows filled per statement (default ${DEFAULT-VALUE}).")
    int pageSize;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    private final CliContext context;

    MappingPromote(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Path mappingFile = file != null ? file : Optional.ofNullable(context.env().get(TidemarkConfig.ENV_MAPPING))
                .filter(v -> !v.isBlank()).map(Path::of).orElseThrow(() -> new CommandFailure(2,
                        "promote changes a mapping file: --mapping FILE or " + TidemarkConfig.ENV_MAPPING
                                + " (start from the default: docs/mapping.md shows how)"));
        String column = as[0];
        SqlType type = SqlType.named(as[1]).filter(PostgresPromotion.SUPPORTED::contains).orElseThrow(() ->
                new CommandFailure(2, "TYPE must be one of text, numeric, bigint, boolean, timestamptz, jsonb, text[];"
                        + " was '" + as[1] + "'"));
        if (pageSize < 1) {
            throw new CommandFailure(2, "--page-size must be at least 1");
        }
        String text = MappingCommand.readText(mappingFile);
        Mapping before = MappingCommand.read(mappingFile, text, spec);
        var out = spec.commandLine().getOut();
        Optional<ColumnSpec> existing = before.root().columns().stream().filter(c -> c.name().equals(column)).findFirst();
        if (existing.isPresent()) {
            if (!existing.get().from().contains(field) || existing.get().type() != type) {
                throw new CommandFailure(1, mappingFile + " already has a column " + column + " (" + existing.get().type()
                        + " from " + existing.get().from() + ")");
            }
            out.println(mappingFile + " already maps " + field + " to " + column + " " + type + "; filling what is left");
        } else {
            String changed = MappingEdits.addRootColumn(text, field, column, type).orElseThrow(() ->
                    new CommandFailure(1, "cannot find the root's block list of columns in " + mappingFile
                            + "; add this line to it by hand and run again: - "
                            + MappingEdits.columnLine(field, column, type)));
            MappingCommand.read(mappingFile, changed, spec);
            write(mappingFile, changed);
            out.println(mappingFile + ": added - " + MappingEdits.columnLine(field, column, type));
        }
        Map<String, String> env = new HashMap<>(context.env());
        env.put(TidemarkConfig.ENV_MAPPING, mappingFile.toString());
        CliContext withFile = new CliContext(env, context.clock(), context.terminal(), context.builders());
        // Building applies the mapping's schema: the column is added (or a conflicting change refused) here.
        try (Tidemark app = withFile.open()) {
            PostgresPromotion.Filled filled = new PostgresPromotion(app.dataSource())
                    .fill(app.config().mapping(), field, column, type, pageSize);
            out.println(app.config().mapping().root().table() + "." + column + ": " + filled.filled() + " of "
                    + filled.rows() + " rows holding " + field + " filled in " + filled.pages() + " pages"
                    + (filled.rows() > filled.filled() ? "; " + (filled.rows() - filled.filled())
                    + " kept in the jsonb (not readable as " + type + ", or rewritten meanwhile)" : ""));
        }
        return 0;
    }

    private static void write(Path file, String text) {
        try {
            Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), file.getFileName().toString(), ".tmp");
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
