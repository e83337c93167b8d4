package dev.tidemark.cli;

import dev.tidemark.app.Tidemark;

import java.util.List;

/** Coverage gaps from the run log. */
final class Gaps {
    private Gaps() {
    }

    static List<StatusView.Gap> of(Tidemark app) {
        // TODO(issue-4): RunLog.coverageGaps() once the window contract is merged.
        return List.of();
    }
}
