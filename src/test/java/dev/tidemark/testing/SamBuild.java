package dev.tidemark.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What {@code sam build} does for a function with {@code BuildMethod: makefile}: runs
 * {@code make build-<LogicalId>} with {@code ARTIFACTS_DIR} pointing at an empty directory, whose contents SAM
 * zips and Lambda unpacks as the task root.
 */
public final class SamBuild {
    private SamBuild() {
    }

    public record Result(int exitCode, String output, Path artifacts) {
    }

    public static Result run(String function, Path artifacts) {
        try {
            List<String> command = artifacts == null ? List.of("make", "build-" + function)
                    : List.of("make", "build-" + function, "ARTIFACTS_DIR=" + artifacts.toAbsolutePath());
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(600, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("make build-" + function + " did not finish: " + output);
            }
            return new Result(p.exitValue(), output, artifacts);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The function's build artifacts in a fresh directory; fails if make fails. */
    public static Path artifacts(String function) {
        try {
            Result r = run(function, Files.createTempDirectory("sam-artifacts-" + function));
            if (r.exitCode() != 0) {
                throw new IllegalStateException("make build-" + function + " failed: " + r.output());
            }
            return r.artifacts();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
