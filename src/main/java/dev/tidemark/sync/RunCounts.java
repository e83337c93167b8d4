package dev.tidemark.sync;

/** What a run did to the data. Balanced: {@code fetched = upserted + unchanged + quarantined}. */
public record RunCounts(int pages, int fetched, int upserted, int unchanged, int quarantined, int deleted) {
    public static final RunCounts ZERO = new RunCounts(0, 0, 0, 0, 0, 0);

    public RunCounts plusPage(int fetchedOnPage, PageResult page) {
        return new RunCounts(pages + 1, fetched + fetchedOnPage, upserted + page.upserted(),
                unchanged + page.unchanged(), quarantined + page.quarantined(), deleted + page.deleted());
    }

    public boolean balanced() {
        return fetched == upserted + unchanged + quarantined;
    }
}
