package dev.tidemark.cli;

/** Counts as a person writes them: "1 page", "2 pages", "0 pages". */
final class Plurals {
    private Plurals() {
    }

    static String count(long n, String singular) {
        return count(n, singular, singular + "s");
    }

    static String count(long n, String singular, String plural) {
        return n + " " + (n == 1 ? singular : plural);
    }
}
