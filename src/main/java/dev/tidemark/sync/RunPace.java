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

    /**
     * A scheduled run: stops after any committed page once the budget is spent, inside a day if need be, but
     * never before its frontier has passed {@code floor} (the checkpoint it started from) and one more page has
     * committed, so every run moves the checkpoint forward by at least a page of new items even after the
     * overlap; and starts no day after {@code lastDay}.
     */
    static WindowWalk.Pace scheduled(TimeBudget budget, Duration reserve, Instant floor, LocalDate lastDay) {
        return new WindowWalk.Pace() {
            private boolean pagePastFloor;

            @Override
            public boolean mayStartDay(LocalDate day, Instant frontier) {
                return !day.isAfter(lastDay) && (mustGoOn(frontier) || budgetLeft());
            }

            @Override
            public boolean mayReadPage(Instant frontier) {
                if (mustGoOn(frontier)) {
                    pagePastFloor = frontier.isAfter(floor);
                    return true;
                }
                return budgetLeft();
            }

            private boolean mustGoOn(Instant frontier) {
                return !frontier.isAfter(floor) || !pagePastFloor;
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
            public boolean mayReadPage(Instant frontier) {
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
            public boolean mayReadPage(Instant frontier) {
                return pace.mayReadPage(frontier);
            }
        };
    }
}
