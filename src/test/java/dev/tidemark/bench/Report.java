package dev.tidemark.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Everything the benchmark reports: each line is printed as it is produced and the same line goes into
 * bench/RESULTS.md, so the file holds exactly what the command printed; the targets table comes last.
 */
final class Report {
    private final List<String> lines = new ArrayList<>();
    private final List<String[]> targets = new ArrayList<>();

    void line(String text) {
        System.out.println(text);
        lines.add(text);
    }

    void line(String format, Object... args) {
        line(String.format(Locale.ROOT, format, args));
    }

    /** A target: what was asked, what was measured, and whether it was met. */
    void target(String goal, String measured, boolean met) {
        targets.add(new String[] {goal, measured, met ? "PASS" : "MISS"});
    }

    void printTargets() {
        line("");
        line("## Targets (ratios from this run)");
        line("");
        line("| Target | Measured | Result |");
        line("|---|---|---|");
        for (String[] t : targets) {
            line("| %s | %s | **%s** |", t[0], t[1], t[2]);
        }
    }

    void write(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, String.join("\n", lines) + "\n");
    }

    static String num(double v) {
        return String.format(Locale.ROOT, v >= 100 ? "%,.0f" : v >= 10 ? "%.1f" : "%.2f", v);
    }
}
