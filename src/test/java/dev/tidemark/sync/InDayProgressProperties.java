package dev.tidemark.sync;

import dev.tidemark.core.Checkpoint;
import dev.tidemark.core.DayShard;
import dev.tidemark.core.SourceItem;
import dev.tidemark.core.WindowPlanner;
import dev.tidemark.core.model.ContentRecord;
import dev.tidemark.core.model.Rejection;
import dev.tidemark.core.parse.ItemParser;
import dev.tidemark.core.parse.SourceSchema;
import dev.tidemark.dynamodb.DynamoDbSourceReader;
import dev.tidemark.local.MutableClock;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13, the acceptance property: over random page sizes, shard counts, time budgets and kill points (a run
 * killed at any page, or at its checkpoint write), after enough runs the store equals the source, and no
 * checkpoint ever passes an uncommitted record. The orchestration under test is the real one ({@link SyncService},
 * {@link WindowWalk}, {@link PrefetchingSourceReader}, the real parser); the source is an in-memory GSI with the
 * Query contract (a partition key value's items in sort-key order, {@code [from, to)}, pages of a limit) so that
 * thousands of runs fit into one property. The same paths run on DynamoDB Local and PostgreSQL in
 * {@code InDayProgressTest}, {@code ShardedDayTest} and {@code CatchUpTest}.
 */
class InDayProgressProperties {
    private static final Instant T0 = Instant.parse("2026-11-22T00:00:00Z");
    private static final Instant START = T0.minus(Duration.ofDays(2)).minus(Duration.ofHours(1));

    @Property(tries = 150)
    void everyKillAndBudgetEndsWithTheSourceAndNoCheckpointAheadOfCommittedData(
            @ForAll @IntRange(min = 1, max = 7) int pageSize,
            @ForAll @IntRange(min = 1, max = 5) int shards,
            @ForAll @IntRange(min = 0, max = 4) int pagesPerRun,
            @ForAll @Size(max = 80) List<@IntRange(min = 0, max = 2 * 24 * 60) Integer> minutes,
            @ForAll @Size(max = 6) Set<@IntRange(min = 1, max = 60) Integer> killAtPage,
            @ForAll @Size(max = 3) Set<@IntRange(min = 1, max = 20) Integer> killAtCheckpointWrite) {
        MutableClock clock = new MutableClock(T0.plus(Duration.ofHours(1)));
        MemorySource source = new MemorySource(pageSize, shards);
        // Items all over two days, several on the same millisecond (ties) and on midnight itself.
        for (int i = 0; i < minutes.size(); i++) {
            source.put("item-" + (i % 50), START.plus(Duration.ofMinutes(minutes.get(i))));
        }
        MemorySink sink = new MemorySink(killAtPage);
        MemoryCheckpoints checkpoints = new MemoryCheckpoints(killAtCheckpointWrite);
        checkpoints.saved = new Checkpoint(START, "before", START);
        SyncService sync = new SyncService(PrefetchingSourceReader.perWalk(source, 2, 1),
                new CanonicalPipeline(new ItemParser(SourceSchema.defaults()), sink), checkpoints, new MemoryRunLog(),
                () -> Optional.of(() -> { }),
                new WindowPlanner(Duration.ofMinutes(5), Duration.ofSeconds(5), Duration.ofHours(24)), clock,
                new SyncService.CatchUpLimits(31, Duration.ofSeconds(60)), null, null);

        Instant previous = checkpoints.saved.watermark();
        for (int run = 0; run < 400; run++) {
            if (run == 3) {
                // New versions arrive while the sync catches up, stamped just now (after this run's window).
                source.put("item-1", clock.instant().minus(Duration.ofSeconds(2)));
                source.put("late-" + run, clock.instant().minus(Duration.ofSeconds(2)));
            }
            int[] left = {pagesPerRun};
            TimeBudget budget = () -> left[0]-- > 0 ? Duration.ofMinutes(10) : Duration.ZERO;
            RunRecord record;
            try {
                record = sync.runScheduled("test", null, budget);
            } catch (SyncFailedException killed) {
                record = null;
            }
            Instant watermark = checkpoints.saved.watermark();
            assertThat(sink.violations(source, watermark)).as("run %d, checkpoint %s", run, watermark).isEmpty();
            assertThat(watermark).isAfterOrEqualTo(previous);
            if (record != null && record.status() != RunStatus.SUCCEEDED) {
                assertThat(watermark).as("a run that is not killed moves the checkpoint").isAfter(previous);
                assertThat(record.stoppedAt()).isNotNull();
            }
            previous = watermark;
            if (record != null && record.status() == RunStatus.SUCCEEDED && run > 3) {
                assertThat(sink.rows).isEqualTo(source.latest());
                return;
            }
            clock.advance(Duration.ofSeconds(30));
        }
        throw new AssertionError("did not catch up in 400 runs");
    }

    /** An in-memory GSI: per partition key value, items in sort-key order; a Query pages through [from, to). */
    static final class MemorySource implements SourceReader {
        private final int pageSize;
        private final int shards;
        private final List<Map<String, Object>> items = Collections.synchronizedList(new ArrayList<>());

        MemorySource(int pageSize, int shards) {
            this.pageSize = pageSize;
            this.shards = shards;
        }

        void put(String id, Instant updatedAt) {
            String key = DynamoDbSourceReader.SORT_KEY_FORMAT.format(updatedAt);
            DayShard cell = new DayShard(WindowPlanner.utcDate(updatedAt), Math.floorMod(id.hashCode(), shards), shards);
            synchronized (items) {
                items.removeIf(i -> i.get("contentId").equals(id));
                items.add(Map.of("contentId", id, "updatedAt", key, "updatedDate", cell.partitionKey()));
            }
        }

        Map<String, Instant> latest() {
            Map<String, Instant> out = new HashMap<>();
            synchronized (items) {
                items.forEach(i -> out.put((String) i.get("contentId"), Instant.parse((String) i.get("updatedAt"))));
            }
            return out;
        }

        @Override
        public int shards() {
            return shards;
        }

        @Override
        public Iterator<SourcePage> read(DayShard cell, Instant from, Instant to) {
            String low = DynamoDbSourceReader.SORT_KEY_FORMAT.format(from);
            String high = DynamoDbSourceReader.SORT_KEY_FORMAT.format(to);
            List<Map<String, Object>> matching;
            synchronized (items) {
                matching = items.stream()
                        .filter(i -> i.get("updatedDate").equals(cell.partitionKey()))
                        .filter(i -> ((String) i.get("updatedAt")).compareTo(low) >= 0
                                && ((String) i.get("updatedAt")).compareTo(high) < 0)
                        .sorted(Comparator.comparing((Map<String, Object> i) -> (String) i.get("updatedAt"))
                                .thenComparing(i -> (String) i.get("contentId")))
                        .toList();
            }
            return new Iterator<>() {
                int next;
                int page;
                boolean more = true;

                /** Like DynamoDB: a page that reaches the limit is followed by another request, maybe empty. */
                @Override
                public boolean hasNext() {
                    return more;
                }

                @Override
                public SourcePage next() {
                    if (!more) {
                        throw new NoSuchElementException();
                    }
                    List<Map<String, Object>> slice = matching.subList(next, Math.min(matching.size(), next + pageSize));
                    next += slice.size();
                    more = slice.size() == pageSize;
                    return new SourcePage(cell, ++page, slice.stream().map(SourceItem::new).toList(), slice.isEmpty()
                            ? Optional.empty() : Optional.of(Instant.parse((String) slice.getLast().get("updatedAt"))));
                }
            };
        }
    }

    /** The store: the newest version per id (monotonic), one page at a time; dies at the chosen pages. */
    static final class MemorySink implements PageSink {
        final Map<String, Instant> rows = new ConcurrentHashMap<>();
        private final Set<Integer> killAt;
        private int pages;

        MemorySink(Set<Integer> killAt) {
            this.killAt = killAt;
        }

        @Override
        public synchronized PageResult write(String runId, List<ContentRecord> records, List<Rejection> rejections) {
            if (killAt.contains(++pages)) {
                throw new IllegalStateException("killed at page " + pages);
            }
            records.forEach(r -> rows.merge(r.contentId(), r.sourceUpdatedAt(), (a, b) -> a.isAfter(b) ? a : b));
            return new PageResult(records.size(), 0, rejections.size(), 0);
        }

        List<String> violations(MemorySource source, Instant watermark) {
            List<String> out = new ArrayList<>();
            source.latest().forEach((id, at) -> {
                Instant stored = rows.get(id);
                if (at.isBefore(watermark) && (stored == null || stored.isBefore(at))) {
                    out.add(id + "@" + at + " below " + watermark + " but stored " + stored);
                }
            });
            return out;
        }
    }

    static final class MemoryCheckpoints implements CheckpointStore {
        private final Set<Integer> killAt;
        private int writes;
        Checkpoint saved;

        MemoryCheckpoints(Set<Integer> killAt) {
            this.killAt = killAt;
        }

        @Override
        public Optional<Checkpoint> read() {
            return Optional.ofNullable(saved);
        }

        @Override
        public void write(Checkpoint checkpoint) {
            if (killAt.contains(++writes)) {
                throw new IllegalStateException("killed at checkpoint write " + writes);
            }
            saved = checkpoint;
        }

        @Override
        public String location() {
            return "memory";
        }
    }

    static final class MemoryRunLog implements RunLog {
        private final Map<String, RunRecord> runs = new HashMap<>();

        @Override
        public boolean start(RunRecord run) {
            runs.put(run.runId(), run);
            return true;
        }

        @Override
        public void finish(RunRecord run) {
            runs.put(run.runId(), run);
        }

        @Override
        public Optional<RunRecord> find(String runId) {
            return Optional.ofNullable(runs.get(runId));
        }

        @Override
        public List<RunRecord> recent(int limit) {
            return List.copyOf(runs.values());
        }

        @Override
        public Optional<RunRecord> lastReconcile() {
            return Optional.empty();
        }

        @Override
        public List<CoverageGap> coverageGaps() {
            return List.of();
        }
    }
}
