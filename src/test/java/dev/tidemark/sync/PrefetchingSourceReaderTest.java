package dev.tidemark.sync;

import dev.tidemark.core.DayShard;
import dev.tidemark.core.SourceItem;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue 6: reading ahead keeps partition and page order, holds a bounded number of pages, and fails loudly. */
class PrefetchingSourceReaderTest {
    private static final LocalDate DAY0 = LocalDate.parse("2026-11-01");

    /** Pages come out exactly as the plain reader gives them: partitions in the order asked, pages in order. */
    @Property(tries = 60)
    void keepsPartitionAndPageOrder(@ForAll @Size(min = 1, max = 8) List<@IntRange(min = 0, max = 5) Integer> pagesPerDay,
                                    @ForAll @IntRange(min = 0, max = 3) int partitionsAhead,
                                    @ForAll @IntRange(min = 1, max = 3) int pagesAhead) {
        FakeSource source = new FakeSource(pagesPerDay, Integer.MAX_VALUE);
        Instant to = DAY0.plusDays(pagesPerDay.size() - 1).atStartOfDay().toInstant(java.time.ZoneOffset.UTC).plusSeconds(60);
        List<String> direct = walk(source, pagesPerDay.size(), to);
        try (PrefetchingSourceReader reader = new PrefetchingSourceReader(source, partitionsAhead, pagesAhead)) {
            assertThat(walk(reader, pagesPerDay.size(), to)).containsExactlyElementsOf(direct);
        }
        assertThat(direct).hasSize(pagesPerDay.stream().mapToInt(Integer::intValue).sum());
    }

    /**
     * Memory does not grow with the number of pages: across 3,000 pages, no more than {@code maxPagesHeld}
     * pages are ever fetched but not yet taken — and reading ahead really happens (the next page of the
     * partition being written and the first pages of the next partitions are fetched while the caller waits).
     */
    @Test
    void holdsABoundedNumberOfPagesWhateverTheBacklog() {
        AtomicInteger consumed = new AtomicInteger();
        FakeSource source = new FakeSource(List.of(1000, 1000, 1000), Integer.MAX_VALUE);
        source.consumed = consumed;
        Instant to = DAY0.plusDays(2).atStartOfDay().toInstant(java.time.ZoneOffset.UTC).plusSeconds(60);
        try (PrefetchingSourceReader reader = new PrefetchingSourceReader(source, 2, 1)) {
            int bound = reader.maxPagesHeld();
            assertThat(bound).isEqualTo(6);
            for (int day = 0; day < 3; day++) {
                Iterator<SourcePage> pages = reader.read(cell(DAY0.plusDays(day)), Instant.EPOCH, to);
                while (pages.hasNext()) {
                    pages.next();
                    consumed.incrementAndGet();
                    if (day == 0 && consumed.get() == 10) {
                        // While "writing" page 10 of day 0: page 11 and the first pages of days 1 and 2 arrive.
                        awaitTrue(() -> source.produced.get() - consumed.get() == 3);
                    }
                }
            }
            assertThat(consumed).hasValue(3000);
            assertThat(source.maxAhead.get()).isBetween(3, bound);
        }
    }

    @Test
    void aFailedPageReadReachesTheCallerAfterTheCommittablePages() {
        FakeSource source = new FakeSource(List.of(2, 4), 5); // the fifth page overall (day 1, page 3) fails
        Instant to = DAY0.plusDays(1).atStartOfDay().toInstant(java.time.ZoneOffset.UTC).plusSeconds(60);
        List<String> seen = new ArrayList<>();
        try (PrefetchingSourceReader reader = new PrefetchingSourceReader(source, 2, 2)) {
            assertThatThrownBy(() -> {
                for (int day = 0; day < 2; day++) {
                    Iterator<SourcePage> pages = reader.read(cell(DAY0.plusDays(day)), Instant.EPOCH, to);
                    while (pages.hasNext()) {
                        SourcePage p = pages.next();
                        seen.add(p.partition() + "#" + p.pageNumber());
                    }
                }
            }).isInstanceOf(IllegalStateException.class).hasMessageContaining("throttled");
        }
        assertThat(seen).containsExactly("2026-11-01#1", "2026-11-01#2", "2026-11-02#1", "2026-11-02#2");
    }

    /** A request the guess did not foresee (another window, another day) is read as asked; guesses are dropped. */
    @Test
    void anUnforeseenRequestIsReadAsAsked() {
        FakeSource source = new FakeSource(List.of(3, 3, 3, 3), Integer.MAX_VALUE);
        Instant to = DAY0.plusDays(3).atStartOfDay().toInstant(java.time.ZoneOffset.UTC).plusSeconds(60);
        try (PrefetchingSourceReader reader = new PrefetchingSourceReader(source, 2, 1)) {
            assertThat(drain(reader.read(cell(DAY0), Instant.EPOCH, to))).containsExactly("2026-11-01#1", "2026-11-01#2", "2026-11-01#3");
            assertThat(drain(reader.read(cell(DAY0.plusDays(3)), Instant.EPOCH, to))).containsExactly("2026-11-04#1", "2026-11-04#2", "2026-11-04#3");
            assertThat(drain(reader.read(cell(DAY0.plusDays(1)), Instant.EPOCH.plusSeconds(1), to))).containsExactly("2026-11-02#1", "2026-11-02#2", "2026-11-02#3");
            assertThat(drain(reader.read(cell(DAY0.plusDays(1)), Instant.EPOCH.plusSeconds(1), to))).containsExactly("2026-11-02#1", "2026-11-02#2", "2026-11-02#3");
        }
    }

    private static List<String> walk(SourceReader reader, int days, Instant to) {
        List<String> out = new ArrayList<>();
        for (int day = 0; day < days; day++) {
            out.addAll(drain(reader.read(cell(DAY0.plusDays(day)), Instant.EPOCH, to)));
        }
        return out;
    }

    private static List<String> drain(Iterator<SourcePage> pages) {
        List<String> out = new ArrayList<>();
        while (pages.hasNext()) {
            SourcePage p = pages.next();
            out.add(p.partition() + "#" + p.pageNumber());
        }
        return out;
    }

    private static DayShard cell(LocalDate day) {
        return new DayShard(day, 0, 1);
    }

    private static void awaitTrue(BooleanSupplier condition) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not reached within 30 s").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    /** Serves pagesPerDay.get(i) pages for day i; counts pages produced and how far ahead of the caller it got. */
    private static final class FakeSource implements SourceReader {
        final List<Integer> pagesPerDay;
        final int failAtPage;
        final AtomicInteger produced = new AtomicInteger();
        final AtomicInteger maxAhead = new AtomicInteger();
        AtomicInteger consumed = new AtomicInteger();

        FakeSource(List<Integer> pagesPerDay, int failAtPage) {
            this.pagesPerDay = pagesPerDay;
            this.failAtPage = failAtPage;
        }

        @Override
        public Iterator<SourcePage> read(DayShard cell, Instant from, Instant to) {
            LocalDate partition = cell.day();
            int day = (int) (partition.toEpochDay() - DAY0.toEpochDay());
            int count = pagesPerDay.get(day);
            return new Iterator<>() {
                int page;

                @Override
                public boolean hasNext() {
                    return page < count;
                }

                @Override
                public SourcePage next() {
                    if (page >= count) {
                        throw new NoSuchElementException();
                    }
                    int n = produced.incrementAndGet();
                    if (n == failAtPage) {
                        throw new IllegalStateException("throttled reading " + partition);
                    }
                    maxAhead.accumulateAndGet(n - consumed.get(), Math::max);
                    page++;
                    return new SourcePage(cell, page, List.of(new SourceItem(Map.of("id", partition + "/" + page))),
                            Optional.empty());
                }
            };
        }
    }

    /**
     * Issue 20, parse beside write: a walk's prepare step (its parse) runs on the read-ahead workers, never on the
     * caller's thread, and the pages come out prepared, in the same order as read.
     */
    @Test
    void thePrepareStepRunsOnTheReadAheadSideNotTheCallers() {
        FakeSource source = new FakeSource(List.of(5, 3), Integer.MAX_VALUE);
        Instant to = DAY0.plusDays(1).atStartOfDay().toInstant(java.time.ZoneOffset.UTC).plusSeconds(60);
        List<String> direct = walk(source, 2, to);
        java.util.Set<String> preparedOn = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.function.Function<SourcePage, String> prepare = page -> {
            preparedOn.add(Thread.currentThread().getName());
            return page.partition() + "#" + page.pageNumber();
        };
        List<String> prepared = new ArrayList<>();
        try (PrefetchingSourceReader reader = new PrefetchingSourceReader(source, 1, 1)) {
            for (int day = 0; day < 2; day++) {
                reader.read(cell(DAY0.plusDays(day)), Instant.EPOCH, to, prepare).forEachRemaining(prepared::add);
            }
        }
        assertThat(prepared).hasSize(8).containsExactlyElementsOf(direct);
        assertThat(preparedOn).isNotEmpty().allSatisfy(t -> assertThat(t).startsWith("tidemark-read-ahead-"))
                .doesNotContain(Thread.currentThread().getName());
    }
}
