package dev.tidemark.sync;

import dev.tidemark.core.DayShard;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Reads ahead of the page being written: while the caller writes page n, a worker already fetches page n+1,
 * and up to {@code partitionsAhead} further day partitions of the same window are fetched by their own
 * workers. A partition's worker fetches at most {@code pagesAhead} pages the caller has not taken, then
 * blocks until the caller takes one, so memory stays bounded whatever the backlog: at most
 * {@code (partitionsAhead + 1) × shards × (pagesAhead + 1)} pages are held here (see {@link #maxPagesHeld}).
 *
 * <p>With sharded day keys every shard of a day is a partition of its own: the walk opens all shards of the
 * day being read together (it takes their pages in frontier order), and the shards of the next days are
 * fetched ahead, so one worker per shard of each day in flight: {@code (partitionsAhead + 1) × shards}.
 *
 * <p>Order is unchanged: each partition's pages come out in the delegate's order, and partitions come out
 * in the order the caller asks for them, so "a partition is complete when its last page has committed"
 * still holds and the checkpoint rule is untouched. Reading ahead only moves reads earlier within the same
 * window; nothing is written ahead.
 *
 * <p>A walk that reads with a {@code prepare} step ({@link #read(DayShard, Instant, Instant, Function)}: the page's
 * parse) has it done here, by the partition's worker, before the page is handed over: parsing runs beside the
 * caller's write instead of before it, and the caller only writes.
 *
 * <p>One instance serves one walk (its state is that walk's read-ahead): {@link #perWalk} gives the source the
 * application wires in, which opens a fresh instance for every walk and closes it when the walk ends.
 *
 * <p>Partitions ahead are a guess: the next shards and UTC days up to the window's last day. A request that does
 * not match the guess discards (cancels) the guesses and reads what was asked; a request for another day
 * cancels whatever is left of the day read before. A worker whose pages nobody takes
 * (the run stopped at its time budget) waits, holding its few pages, until the next run's first read or
 * {@link #close()} cancels it; it never gives up on its own, because a slow page write must not starve the
 * caller of a page it is about to ask for.
 */
public final class PrefetchingSourceReader implements SourceReader, SourceReader.WalkReader {
    private final SourceReader delegate;
    private final int partitionsAhead;
    private final int pagesAhead;
    private final int shards;
    private final ExecutorService workers;
    private final Deque<Prefetch> scheduled = new ArrayDeque<>();
    private final List<Prefetch> reading = new ArrayList<>();

    /**
     * @param partitionsAhead day partitions fetched ahead of the one being read (0: only the next page)
     * @param pagesAhead      pages a partition's worker may fetch before the caller takes them (at least 1:
     *                        the next page is read while the current one is written)
     */
    public PrefetchingSourceReader(SourceReader delegate, int partitionsAhead, int pagesAhead) {
        requireValid(partitionsAhead, pagesAhead);
        this.delegate = delegate;
        this.partitionsAhead = partitionsAhead;
        this.pagesAhead = pagesAhead;
        this.shards = delegate.shards();
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool((partitionsAhead + 1) * shards, r -> {
            Thread t = new Thread(r, "tidemark-read-ahead-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** A source whose every walk reads ahead through its own {@code PrefetchingSourceReader}. */
    public static SourceReader perWalk(SourceReader delegate, int partitionsAhead, int pagesAhead) {
        requireValid(partitionsAhead, pagesAhead);
        return new SourceReader() {
            @Override
            public Iterator<SourcePage> read(DayShard cell, Instant from, Instant to) {
                return delegate.read(cell, from, to);
            }

            @Override
            public int shards() {
                return delegate.shards();
            }

            @Override
            public WalkReader openWalk() {
                return new PrefetchingSourceReader(delegate, partitionsAhead, pagesAhead);
            }
        };
    }

    private static void requireValid(int partitionsAhead, int pagesAhead) {
        if (partitionsAhead < 0 || pagesAhead < 1) {
            throw new IllegalArgumentException("partitionsAhead >= 0 and pagesAhead >= 1 required");
        }
    }

    /**
     * The most pages this reader ever holds at once, whatever the number of pages read: per partition in
     * flight, the pages fetched ahead plus the one the caller's {@code hasNext()} has taken but not yet got.
     */
    public int maxPagesHeld() {
        return (partitionsAhead + 1) * shards * (pagesAhead + 1);
    }

    @Override
    public int shards() {
        return shards;
    }

    @Override
    public Iterator<SourcePage> read(DayShard cell, Instant from, Instant to) {
        return read(cell, from, to, Function.identity());
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized <P> Iterator<P> read(DayShard cell, Instant from, Instant to, Function<SourcePage, P> prepare) {
        if (!reading.isEmpty() && (!reading.getFirst().cell.day().equals(cell.day())
                || reading.stream().anyMatch(r -> r.cell.equals(cell)))) {
            // finished already, or left unfinished by a caller that gave up on that day
            reading.forEach(Prefetch::cancel);
            reading.clear();
        }
        Prefetch current = null;
        while (!scheduled.isEmpty() && current == null) {
            Prefetch head = scheduled.pollFirst();
            if (head.matches(cell, from, to, prepare)) {
                current = head;
            } else {
                head.cancel();
            }
        }
        if (current == null) {
            cancelAll();
            current = start(cell, from, to, prepare);
        }
        LocalDate lastDay = LocalDate.ofInstant(to, ZoneOffset.UTC);
        LocalDate lastAhead = cell.day().plusDays(partitionsAhead);
        DayShard next = following(scheduled.isEmpty() ? cell : scheduled.peekLast().cell);
        while (!next.day().isAfter(lastDay) && !next.day().isAfter(lastAhead)) {
            scheduled.addLast(start(next, from, to, prepare));
            next = following(next);
        }
        reading.add(current);
        return (Iterator<P>) current.pages();
    }

    /** The cell a walk asks for after {@code cell}: the next shard, or the first shard of the next day. */
    private DayShard following(DayShard cell) {
        return cell.shard() + 1 < shards ? new DayShard(cell.day(), cell.shard() + 1, shards)
                : new DayShard(cell.day().plusDays(1), 0, shards);
    }

    @Override
    public synchronized void close() {
        cancelAll();
        reading.forEach(Prefetch::cancel);
        reading.clear();
        workers.shutdownNow();
    }

    private void cancelAll() {
        scheduled.forEach(Prefetch::cancel);
        scheduled.clear();
    }

    private Prefetch start(DayShard cell, Instant from, Instant to, Function<SourcePage, ?> prepare) {
        // The worker holds one fetched page while it waits to hand it over, so the queue takes one fewer.
        BlockingQueue<Slot> queue = pagesAhead == 1 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(pagesAhead - 1);
        Prefetch p = new Prefetch(cell, from, to, prepare, queue);
        p.task = workers.submit(p::fill);
        return p;
    }

    /** What a worker hands over: a page, the end of the partition, or the reason reading failed. */
    private sealed interface Slot {
    }

    private record Page(Object page) implements Slot {
    }

    private record End() implements Slot {
    }

    private record Failed(RuntimeException error) implements Slot {
    }

    private final class Prefetch {
        final DayShard cell;
        final Instant from;
        final Instant to;
        final Function<SourcePage, ?> prepare;
        final BlockingQueue<Slot> queue;
        volatile Future<?> task;

        Prefetch(DayShard cell, Instant from, Instant to, Function<SourcePage, ?> prepare, BlockingQueue<Slot> queue) {
            this.cell = cell;
            this.from = from;
            this.to = to;
            this.prepare = prepare;
            this.queue = queue;
        }

        /** The same reads, prepared the same way (a walk passes one prepare step for all its reads). */
        boolean matches(DayShard c, Instant f, Instant t, Function<SourcePage, ?> p) {
            return cell.equals(c) && from.equals(f) && to.equals(t) && prepare.equals(p);
        }

        void cancel() {
            task.cancel(true);
        }

        void fill() {
            try {
                Iterator<SourcePage> pages = delegate.read(cell, from, to);
                while (pages.hasNext()) {
                    if (!hand(new Page(prepare.apply(pages.next())))) {
                        return;
                    }
                }
                hand(new End());
            } catch (RuntimeException e) {
                if (!Thread.currentThread().isInterrupted()) {
                    hand(new Failed(e));
                }
            }
        }

        /** @return false when cancelled while waiting for the caller: stop reading */
        private boolean hand(Slot slot) {
            try {
                queue.put(slot);
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        Iterator<Object> pages() {
            return new Iterator<>() {
                private Slot next;

                @Override
                public boolean hasNext() {
                    return !(peek() instanceof End);
                }

                @Override
                public Object next() {
                    Slot slot = peek();
                    switch (slot) {
                        case End ignored -> throw new NoSuchElementException();
                        case Failed f -> throw f.error();
                        case Page p -> {
                            next = null;
                            return p.page();
                        }
                    }
                }

                private Slot peek() {
                    if (next == null) {
                        try {
                            next = queue.take();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            cancel();
                            throw new IllegalStateException("interrupted while waiting for partition " + cell, e);
                        }
                    }
                    return next;
                }
            };
        }
    }
}
