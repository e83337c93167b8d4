package dev.tidemark.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bin/tidemark}: the operator's command line. Exit 0 ok; non-zero with a one-line reason. */
@Command(name = "tidemark", mixinStandardHelpOptions = true, version = "tidemark 0.1.0",
        description = "Incremental DynamoDB → PostgreSQL sync: run it, inspect it, operate it.",
        subcommands = {DemoCommand.class})
public final class TidemarkCli implements Runnable {

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new TidemarkCli());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("tidemark: " + oneLine(e));
            return 1;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.replace('\n', ' ');
    }
}
