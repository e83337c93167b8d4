package dev.tidemark.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Starts a child JVM, collects its output lines with the time each arrived, and stops it if it hangs. */
final class Children {
    private Children() {
    }

    record Output(long startedAtMillis, List<String> lines, int exitCode) {
        String find(String prefix) {
            return lines.stream().filter(l -> l.startsWith(prefix)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("child printed no " + prefix + " line: " + lines));
        }
    }

    static Path java() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    static Output run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        long started = System.currentTimeMillis();
        Process process = pb.start();
        Thread.ofPlatform().daemon().start(() -> {
            try {
                if (!process.waitFor(600, TimeUnit.SECONDS)) {
                    process.destroyForcibly(); // hung: the one process this call started
                }
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        });
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                lines.add(line);
            }
        }
        process.waitFor();
        if (process.exitValue() != 0) {
            throw new IllegalStateException("child JVM failed (" + process.exitValue() + "): " + String.join("\n", lines));
        }
        return new Output(started, lines, process.exitValue());
    }
}
