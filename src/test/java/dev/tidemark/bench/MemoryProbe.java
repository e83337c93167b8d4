package dev.tidemark.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import dev.tidemark.app.Tidemark;
import dev.tidemark.app.TidemarkConfig;
import dev.tidemark.sync.RunRecord;
import dev.tidemark.sync.TimeBudget;

import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Scenario 4, run in its own JVM (the benchmark starts it with -Xmx256m): one backfill through the
 * production wiring, configured from the environment like the function. Peak heap is the largest heap
 * occupancy seen just before any collection (the GC's own figures), or at the end if larger; the live set
 * is the largest occupancy right after a collection.
 */
public final class MemoryProbe {
    private static final AtomicLong PEAK = new AtomicLong();
    private static final AtomicLong LIVE = new AtomicLong();
    private static final AtomicLong COLLECTIONS = new AtomicLong();

    private MemoryProbe() {
    }

    /** With {@code sample}: a full collection every second, recording the heap that survives it (the live set). */
    public static void main(String[] args) {
        AtomicLong retained = new AtomicLong();
        if (args.length > 0 && args[0].equals("sample")) {
            Thread.ofPlatform().daemon().start(() -> {
                while (true) {
                    System.gc();
                    retained.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }
        watchHeap();
        long t0 = System.nanoTime();
        RunRecord run;
        try (Tidemark app = Tidemark.builder(TidemarkConfig.fromEnvironment()).build()) {
            run = app.sync().runScheduled("bench", "memory", TimeBudget.UNLIMITED);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "RESULT status=%s fetched=%d pages=%d seconds=%.2f %s%s%n",
                run.status().dbValue(), run.counts().fetched(), run.counts().pages(), seconds, heap(),
                retained.get() == 0 ? "" : String.format(Locale.ROOT, " liveAfterFullGcMb=%.1f", retained.get() / 1048576.0));
        System.exit(0);
    }

    /** Records, from the collector's own notifications, the heap before (peak) and after (live) every collection. */
    static void watchHeap() {
        Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener((n, h) -> {
                if (n.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                    var info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData()).getGcInfo();
                    PEAK.accumulateAndGet(sum(info.getMemoryUsageBeforeGc(), heapPools), Math::max);
                    LIVE.accumulateAndGet(sum(info.getMemoryUsageAfterGc(), heapPools), Math::max);
                    COLLECTIONS.incrementAndGet();
                }
            }, null, null);
        }
    }

    /** The heap fields of a RESULT line: peak (or now, if larger), live, collections, max heap and collector. */
    static String heap() {
        PEAK.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
        return String.format(Locale.ROOT, "peakMb=%.1f liveMb=%.1f collections=%d maxHeapMb=%.0f gc=%s",
                PEAK.get() / 1048576.0, LIVE.get() / 1048576.0, COLLECTIONS.get(),
                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax() / 1048576.0,
                ManagementFactory.getGarbageCollectorMXBeans().getFirst().getName().replace(' ', '_'));
    }

    private static long sum(Map<String, MemoryUsage> usage, Set<String> heapPools) {
        return usage.entrySet().stream().filter(e -> heapPools.contains(e.getKey()))
                .mapToLong(e -> e.getValue().getUsed()).sum();
    }
}
