package dev.tidemark.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The machine, the JDK, the date and how loaded the machine was: the context every figure needs. */
final class Machine {
    private Machine() {
    }

    static void describe(Report r, int items, int small, int days) {
        r.line("# Tidemark benchmark results");
        r.line("");
        r.line("Produced by `bin/bench` (dev.tidemark.bench.Bench); every line below is what that command printed.");
        r.line("");
        r.line("- Date: %s", Instant.now().truncatedTo(ChronoUnit.SECONDS));
        r.line("- Machine: %d CPUs (nproc), %s memory, CPU model: %s", Runtime.getRuntime().availableProcessors(),
                memory(), cpu());
        r.line("- JDK: %s %s (%s)", System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
                System.getProperty("java.vendor"));
        r.line("- Stack: DynamoDB Local 2.6.1 in a JVM of its own and embedded PostgreSQL 17 (fsync off; its own "
                + "processes), both started by the benchmark and reached over loopback, as a Lambda reaches DynamoDB and RDS; "
                + "all on the same CPUs.");
        r.line("- Scale: %,d items over %d UTC day partitions (memory comparison: %,d items); page size 1,000.",
                items, days, small);
        load(r, "at the start");
    }

    static void load(Report r, String when) {
        r.line("- Load average %s: %s (1, 5, 15 min) on %d CPUs — other processes were sharing the machine "
                + "whenever this exceeds the CPU count.", when, read("/proc/loadavg", 3),
                Runtime.getRuntime().availableProcessors());
    }

    private static String memory() {
        for (String line : lines("/proc/meminfo")) {
            if (line.startsWith("MemTotal:")) {
                long kb = Long.parseLong(line.replaceAll("\\D", ""));
                return String.format("%.1f GiB", kb / 1048576.0);
            }
        }
        return "unknown";
    }

    private static String cpu() {
        for (String line : lines("/proc/cpuinfo")) {
            if (line.startsWith("model name")) {
                return line.substring(line.indexOf(':') + 1).strip();
            }
        }
        return System.getProperty("os.arch");
    }

    private static String read(String file, int fields) {
        String[] parts = String.join(" ", lines(file)).split("\\s+");
        return String.join(" ", java.util.Arrays.copyOf(parts, Math.min(fields, parts.length)));
    }

    private static java.util.List<String> lines(String file) {
        try {
            return Files.readAllLines(Path.of(file));
        } catch (IOException e) {
            return java.util.List.of();
        }
    }
}
