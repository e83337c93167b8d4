package dev.tidemark.cli;

/** A command that cannot do what was asked: the process exits with {@code exitCode} and the one-line reason. */
final class CommandFailure extends RuntimeException {
    private final int exitCode;

    CommandFailure(int exitCode, String reason) {
        super(reason);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
