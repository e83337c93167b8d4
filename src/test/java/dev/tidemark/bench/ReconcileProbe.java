package dev.tidemark.bench;

import dev.tidemark.app.Tidemark;
import dev.tidemark.app.TidemarkConfig;
import dev.tidemark.sync.ReconcileCounts;
import dev.tidemark.sync.RunRecord;
import dev.tidemark.sync.RunRequest;
import dev.tidemark.sync.TimeBudget;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;

/**
 * One {@code tidemark reconcile --max-duration} invocation in its own JVM (the benchmark starts it with -Xmx256m
 * and may {@code kill -9} it mid-piece): the production wiring, configured from the environment like the function,
 * with the budget of the first argument. Prints a RESULT line with what it did and its peak heap.
 */
public final class ReconcileProbe {
    private ReconcileProbe() {
    }

    public static void main(String[] args) {
        MemoryProbe.watchHeap();
        Duration budget = Duration.parse(args[0]);
        long t0 = System.nanoTime();
        RunRecord run;
        try (Tidemark app = Tidemark.builder(TidemarkConfig.fromEnvironment()).build()) {
            run = app.sync().run(new RunRequest.Reconcile(false), TimeBudget.of(budget, Clock.systemUTC())).getFirst();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        ReconcileCounts f = run.reconcile();
        System.out.printf(Locale.ROOT, "RESULT status=%s pass=%s keys=%d pages=%d missing=%d stale=%d deleted=%d"
                        + " repaired=%d seconds=%.2f %s%n", run.status().dbValue(), f.passId(), run.counts().fetched(),
                run.counts().pages(), f.missing(), f.stale(), f.deleted(), f.repaired(), seconds, MemoryProbe.heap());
        System.exit(0);
    }
}
