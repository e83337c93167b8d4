package dev.tidemark.cli;

import dev.tidemark.app.Tidemark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;

/**
 * {@code tidemark migrate}: the one place the schema changes. Run with the schema owner's credentials
 * ({@code TIDEMARK_DB_USER}/{@code TIDEMARK_DB_PASSWORD} or {@code TIDEMARK_DB_SECRET_ID} naming the owner's
 * secret) before the function's first run and after every deploy that brings migrations; the function itself runs
 * as a role without DDL rights and only checks the version (docs/security.md).
 */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = {"Apply pending schema migrations as the schema owner, and grant the function's role what a"
                + " sync needs (--grant-to).", "The function never migrates: it refuses to run on an older schema."})
final class MigrateCommand extends OperatorCommand {
    @Option(names = "--grant-to", paramLabel = "ROLE",
            description = "The function's database role: grant it read/write on the tables, no DDL (docs/security.md).")
    String grantTo;

    MigrateCommand(CliContext context) {
        super(context);
    }

    @Override
    boolean needsApplication() {
        return false;
    }

    @Override
    int run(Tidemark unused) {
        List<String> done = context.builders().apply(context.config()).migrateSchema(grantTo);
        if (json) {
            printJson(done);
        } else {
            done.forEach(out()::println);
        }
        return 0;
    }
}
