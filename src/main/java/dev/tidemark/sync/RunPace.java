package dev.tidemark.sync;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;

/**
 * When a run stops: the time budget (Lambda's remaining time, or {@code --max-duration}) minus the reserve
 * kept for the last page, the checkpoint write and the run record, and the days a run may take on.
 */
final class RunPace {
    private RunPace() {
    }

    /** The reserve is at most this fraction of the whole budget, so a short budget is mostly used. */
    static final int RESERVE_FRACTION = 5;

    /**
     * The time a run keeps back out of {@code budget} (asked at the run's start, when all of it remains): the
     * configured reserve ({@code TIDEMARK_TIME_RESERVE}), but never more than a fifth of the budget, so
     * {@code sync --max-duration PT8S} reads for about 6.4 s rather than stopping after its first page.
     */
    static Duration reserve(TimeBudget budget, Duration configured) {
        Duration fifth = budget.remaining().dividedBy(RESERVE_FRACTION);
        return fifth.compareTo(configured) < 0 ? fifth : configured;
    }

    /**
     * A scheduled run: stops after any committed page once the budget is spent, inside a day if need be, but
     * never before its frontier has passed {@code floor} (the checkpoint it started from) and the shard that
     * holds the frontier back has committed a whole page of items stamped above {@code floor}: every item of that
     * page lies below the new frontier, so every run moves the checkpoint past at least a page of waiting items,
     * with one shard or many; and it starts no day after {@code lastDay}.
     */
    static WindowWalk.Pace scheduled(TimeBudget budget, Duration reserve, Instant floor, LocalDate lastDay) {
        return new WindowWalk.Pace() {
            private boolean progressed;

            @Override
            public boolean mayStartDay(LocalDate day, Instant frontier) {
                return !day.isAfter(lastDay) && (!progressed || budgetLeft());
            }

            @Override
            public boolean mayReadPage(Instant frontier, boolean lowestHasPagePastFloor) {
                progressed |= frontier.isAfter(floor) && lowestHasPagePastFloor;
                return !progressed || budgetLeft();
            }

            private boolean budgetLeft() {
                return budget.remaining().compareTo(reserve) > 0;
            }
        };
    }

    /**
     * An explicit window (rerun, backfill slice), which has no checkpoint to continue from: whole days only.
     * Every day up to {@code firstDays} is completed; later days start while the budget allows.
     */
    static WindowWalk.Pace wholeDays(TimeBudget budget, Duration reserve, LocalDate firstDays) {
        return new WindowWalk.Pace() {
            @Override
            public boolean mayStartDay(LocalDate day, Instant frontier) {
                return !day.isAfter(firstDays) || budget.remaining().compareTo(reserve) > 0;
            }

            @Override
            public boolean mayReadPage(Instant frontier, boolean lowestHasPagePastFloor) {
                return true;
            }
        };
    }

    /** {@code pace}, and before each day it starts, a check that the run still holds the sync lock. */
    static WindowWalk.Pace verifyingLock(WindowWalk.Pace pace, RunLock.Held held) {
        return new WindowWalk.Pace() {
            @Override
            public boolean mayStartDay(LocalDate day, Instant frontier) {
                boolean go = pace.mayStartDay(day, frontier);
                if (go) {
                    held.verify();
                }
                return go;
            }

            @Override
            public boolean mayReadPage(Instant frontier, boolean lowestHasPagePastFloor) {
                return pace.mayReadPage(frontier, lowestHasPagePastFloor);
            }
        };
    }
}
