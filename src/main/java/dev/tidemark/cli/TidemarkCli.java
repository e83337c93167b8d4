package dev.tidemark.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.lang.reflect.Constructor;

/**
 * {@code bin/tidemark}: the operator's command line. Exit 0 ok; 1 when a command fails (one-line reason on
 * stderr); 2 on a usage error; 3 when {@code status} finds the data stale.
 */
@Command(name = "tidemark", mixinStandardHelpOptions = true, version = "tidemark 0.1.0",
        description = {"Incremental DynamoDB → PostgreSQL sync: run it, inspect it, operate it.",
                "Talks to the same PostgreSQL and checkpoint (SSM) as the function, configured by the same TIDEMARK_*"
                        + " and AWS_* environment variables."},
        subcommands = {DemoCommand.class, StatusCommand.class, RunsCommand.class, CheckpointCommand.class,
                QuarantineCommand.class, ReportCommand.class, MigrateCommand.class, RunCommands.Sync.class, RunCommands.Rerun.class,
                BackfillCommand.class, RunCommands.Reconcile.class, MappingCommand.class})
public final class TidemarkCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(CliContext.system(), CliContext.autoFlush(System.out), CliContext.autoFlush(System.err), args));
    }

    public static int execute(String... args) {
        return execute(CliContext.system(), CliContext.autoFlush(System.out), CliContext.autoFlush(System.err), args);
    }

    /** Runs one command line against {@code context}, writing to {@code out} and {@code err}; returns the exit code. */
    public static int execute(CliContext context, PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new TidemarkCli(), new ContextFactory(context));
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("tidemark: " + oneLine(e));
            commandLine.getErr().flush();
            return e instanceof CommandFailure failure ? failure.exitCode() : 1;
        });
        cli.setParameterExceptionHandler((e, arguments) -> {
            CommandLine command = e.getCommandLine();
            command.getErr().println("tidemark: " + oneLine(e) + " (see: " + command.getCommandSpec().qualifiedName()
                    + " --help)");
            command.getErr().flush();
            return command.getCommandSpec().exitCodeOnInvalidInput();
        });
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.replaceAll("\\s*\\R\\s*", " ");
    }

    /** Constructor injection for commands: a command that takes a {@link CliContext} gets this invocation's. */
    private record ContextFactory(CliContext context) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            for (Constructor<?> constructor : type.getDeclaredConstructors()) {
                Class<?>[] parameters = constructor.getParameterTypes();
                if (parameters.length == 1 && parameters[0] == CliContext.class) {
                    constructor.setAccessible(true);
                    return type.cast(constructor.newInstance(context));
                }
            }
            return CommandLine.defaultFactory().create(type);
        }
    }
}
