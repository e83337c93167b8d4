package dev.tidemark.lambda;

import dev.tidemark.sync.RunRequest;
import dev.tidemark.testing.Events;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The events under {@code events/} become the runs they name; bad ones fail with a message naming the field. */
class RunRequestsTest {

    @Test
    void everyEventFileParsesToItsRequest() {
        assertThat(parse(Events.load("scheduled.json")))
                .isEqualTo(new RunRequest.Scheduled("schedule", "53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa", false));
        assertThat(parse(Events.load("backfill.json")))
                .isEqualTo(new RunRequest.Backfill(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 8), false));
        assertThat(parse(Events.load("rerun.json"))).isEqualTo(new RunRequest.Rerun("20261122T110000Z-3fa2c1d0", false));
        assertThat(parse(Events.load("reconcile.json"))).isEqualTo(new RunRequest.Reconcile(false));
        assertThat(parse(Events.load("dry-run.json"))).isEqualTo(new RunRequest.Scheduled("manual", null, true));
        assertThat(parse(Map.of("mode", "reconcile", "dryRun", "true"))).isEqualTo(new RunRequest.Reconcile(true));
        assertThat(parse(Events.load("reconcile-recent.json")))
                .isEqualTo(new RunRequest.Reconcile(false, false, null, java.time.Duration.ofDays(2)));
        assertThat(parse(Map.of("mode", "reconcile", "restart", true)))
                .isEqualTo(new RunRequest.Reconcile(false, true, null, null));
    }

    @Test
    void badEventsAreRejectedBeforeAnythingRuns() {
        assertThatThrownBy(() -> parse(Map.of("mode", "backfill", "from", "2026-11-01")))
                .hasMessage("mode 'backfill' needs the field 'to'");
        assertThatThrownBy(() -> parse(Map.of("mode", "backfill", "from", "2026-11-08", "to", "2026-11-01")))
                .hasMessage("backfill 'to' 2026-11-01 is before 'from' 2026-11-08");
        assertThatThrownBy(() -> parse(Map.of("mode", "backfill", "from", "01/11/2026", "to", "2026-11-01")))
                .hasMessage("from must be a UTC date like 2026-11-01, was '01/11/2026'");
        assertThatThrownBy(() -> parse(Map.of("mode", "rerun"))).hasMessage("mode 'rerun' needs the field 'runId'");
        assertThatThrownBy(() -> parse(Map.of("mode", "reconcile", "dryRun", "yes")))
                .hasMessage("dryRun must be true or false, was 'yes'");
        assertThatThrownBy(() -> parse(Map.of("mode", "reconcile", "recent", "two days")))
                .hasMessage("recent must be an ISO-8601 duration like P2D, was 'two days'");
        assertThatThrownBy(() -> parse(Map.of("mode", "reconcile", "recent", "P2D", "restart", "true")))
                .hasMessage("a recent sweep is no pass: it takes neither restart nor piece");
        assertThatThrownBy(() -> new SyncHandler(() -> null).handleRequest(Map.of("mode", "explode"), null))
                .hasMessageContaining("unsupported mode 'explode'");
    }

    private static RunRequest parse(Map<String, Object> event) {
        return RunRequests.parse(TriggerEvent.parse(event), event);
    }
}
