package dev.tidemark.e2e;

import dev.tidemark.app.RetryPolicies;
import dev.tidemark.app.Tidemark;
import dev.tidemark.app.TidemarkConfig;
import dev.tidemark.core.Checkpoint;
import dev.tidemark.local.MutableClock;
import dev.tidemark.sync.MappedSink;
import dev.tidemark.sync.RunRecord;
import dev.tidemark.sync.RunRequest;
import dev.tidemark.sync.RunStatus;
import dev.tidemark.sync.SyncFailedException;
import dev.tidemark.sync.TimeBudget;
import dev.tidemark.testing.FailingCalls;
import dev.tidemark.testing.FaultyClients;
import dev.tidemark.testing.Invariants;
import dev.tidemark.testing.KillingDataSource;
import dev.tidemark.testing.MappedSinks;
import dev.tidemark.testing.SourceItems;
import dev.tidemark.testing.Sql;
import dev.tidemark.testing.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ssm.SsmClient;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 4's randomized proof: well over 100 runs interleaved with random inserts, updates, tombstones and hard
 * deletes at the source, under injected faults: DynamoDB throttling (retried, and sometimes outlasting the
 * retries), the page's PostgreSQL connection killed mid-page, the lock's session killed mid-run, the SSM
 * checkpoint write failing after the data committed (and failing transiently), the time budget running out,
 * concurrent invocations, duplicate deliveries and reruns. After every run the checkpoint is checked against
 * the committed data; after a final clean run and a reconcile, PostgreSQL must equal the source exactly.
 *
 * <p>Reproduce a failure with {@code -Dtidemark.seed=<the printed seed>}.
 */
class FaultInjectionTest {
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
    private static final int RUNS = 110;
    private static TestStack stack;

    @BeforeAll
    static void start() {
        stack = TestStack.forClass(FaultInjectionTest.class);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void postgresEqualsTheSourceAfterHundredsOfFaultyRuns() {
        long seed = Long.getLong("tidemark.seed", new Random().nextLong());
        System.out.println("FaultInjectionTest seed: " + seed + " (rerun with -Dtidemark.seed=" + seed + ")");
        Random random = new Random(seed);
        SourceItems source = new SourceItems(stack, seed);
        MutableClock clock = new MutableClock(T0);
        FailingCalls dynamoFaults = new FailingCalls();
        FailingCalls ssmFaults = new FailingCalls();
        KillingDataSource killing = new KillingDataSource(stack.dataSource);
        AtomicReference<Runnable> onNextPage = new AtomicReference<>();
        Map<String, Integer> faults = new TreeMap<>();
        // Production's attempt limit, backoff shortened: the test injects dozens of throttles.
        var retries = RetryPolicies.dynamoDb().toBuilder()
                .backoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(1), Duration.ofMillis(20)))
                .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(1), Duration.ofMillis(20)))
                .build();

        try (DynamoDbClient dynamo = FaultyClients.dynamoDb(dynamoFaults, retries);
             SsmClient ssm = FaultyClients.ssm(ssmFaults);
             Tidemark app = stack.application(new HashMap<>(Map.of(
                             TidemarkConfig.ENV_FIRST_RUN_LOOKBACK, "PT6H",
                             TidemarkConfig.ENV_PAGE_SIZE, "3",
                             TidemarkConfig.ENV_MAX_DAYS_PER_RUN, "2",
                             TidemarkConfig.ENV_TIME_RESERVE, "PT1M",
                             TidemarkConfig.ENV_DB_RETRY_ATTEMPTS, "3",
                             TidemarkConfig.ENV_DB_RETRY_BASE_DELAY, "PT0.005S",
                             TidemarkConfig.ENV_DB_RETRY_MAX_DELAY, "PT0.02S",
                             TidemarkConfig.ENV_RECONCILE_SEGMENTS, "3")))
                     .clock(clock).dynamoDb(dynamo).ssm(ssm)
                     .mappedSink(hooked(MappedSinks.postgres(killing), onNextPage)).build()) {
            SourceModel model = new SourceModel(source, random, clock);
            List<RunRecord> history = new ArrayList<>();
            RunRecord previous = null;
            int invocations = 0;
            int giveUps = 0;
            for (int i = 0; i < RUNS; i++) {
                model.mutate(random.nextInt(7));
                // Now and then a long outage (1 to 3 days), so that catch-up and its limits come into play.
                // Not while no checkpoint has been written: until one is, every run is a first run, which by
                // contract looks back only TIDEMARK_FIRST_RUN_LOOKBACK (older items are a backfill's job). A
                // first run that failed (its checkpoint write refused, say) followed by an outage would
                // otherwise leave items the contract never promised to read.
                boolean checkpointed = app.checkpoints().read().isPresent();
                clock.advance(checkpointed && random.nextInt(8) == 0 ? Duration.ofHours(24 + random.nextInt(48))
                        : Duration.ofMinutes(1 + random.nextInt(90)));

                TimeBudget budget = TimeBudget.UNLIMITED;
                if (random.nextInt(100) < 25) {
                    dynamoFaults.failNext("Query", 1 + random.nextInt(3));
                    count(faults, "dynamodb throttling (retried by the SDK)");
                }
                if (giveUps < 4 && random.nextInt(100) < 4) {
                    giveUps++;
                    dynamoFaults.failNext("Query", RetryPolicies.DYNAMODB_MAX_ATTEMPTS);
                    count(faults, "dynamodb throttling beyond the retry limit");
                }
                if (random.nextInt(100) < 20) {
                    killing.killAtStep(1 + random.nextInt(8));
                    count(faults, "postgres page connection killed (armed)");
                }
                if (random.nextInt(100) < 10) {
                    ssmFaults.failNext("PutParameter", 3);
                    count(faults, "ssm checkpoint write failing after commit (armed)");
                } else if (random.nextInt(100) < 10) {
                    ssmFaults.failNext("PutParameter", 1 + random.nextInt(2));
                    count(faults, "ssm checkpoint write failing transiently (armed)");
                }
                if (random.nextInt(100) < 15) {
                    budget = countdown(random.nextInt(3));
                    count(faults, "time budget running out (armed)");
                }
                int hook = random.nextInt(100);
                if (hook < 10) {
                    onNextPage.set(() -> {
                        RunRecord other = CompletableFuture.supplyAsync(() -> app.sync()
                                .run(new RunRequest.Scheduled("schedule", UUID.randomUUID().toString(), false),
                                        TimeBudget.UNLIMITED).getFirst()).join();
                        assertThat(other.status()).as("a concurrent invocation").isEqualTo(RunStatus.SKIPPED);
                        count(faults, "concurrent invocation (skipped)");
                    });
                } else if (hook < 14) {
                    onNextPage.set(() -> {
                        Sql.rows(stack.dataSource, "SELECT pg_terminate_backend(pid, 5000) FROM pg_locks"
                                + " WHERE locktype = 'advisory' AND granted");
                        count(faults, "lock session killed mid-run");
                    });
                }

                Checkpoint before = app.checkpoints().read().orElse(null);
                RunRecord run;
                String eventId = UUID.randomUUID().toString();
                if (random.nextInt(100) < 4 && !history.isEmpty()) {
                    RunRecord old = history.get(random.nextInt(history.size()));
                    run = invoke(app, new RunRequest.Rerun(old.runId(), false), budget);
                    count(faults, "rerun of an earlier run");
                } else {
                    run = invoke(app, new RunRequest.Scheduled("schedule", eventId, false), budget);
                }
                invocations++;
                onNextPage.set(null);
                dynamoFaults.clear();
                ssmFaults.clear();
                killing.killAtStep(0);

                Checkpoint after = app.checkpoints().read().orElse(null);
                if (before != null) {
                    assertThat(after.watermark()).as("run %d: the checkpoint never moves back", i)
                            .isAfterOrEqualTo(before.watermark());
                }
                switch (run.status()) {
                    case SUCCEEDED, PARTIAL -> {
                        // Only a scheduled run reads the live window: after a rerun, late writes stamped just
                        // below the checkpoint (the overlap's job) are still waiting for the next scheduled run.
                        if (run.mode().equals("scheduled")) {
                            assertThat(Invariants.checkpointViolations(app.checkpoints(), source, stack.dataSource))
                                    .as("run %d (%s): checkpoint ahead of committed data", i, run.runId()).isEmpty();
                        }
                        if (run.windowFrom() != null) {
                            history.add(run);
                        }
                    }
                    case FAILED, SKIPPED -> assertThat(after).as("run %d %s moved the checkpoint", i, run.status())
                            .isEqualTo(before);
                    case RUNNING -> throw new AssertionError("run " + run.runId() + " left as running");
                }
                if (previous != null && random.nextInt(100) < 5) {
                    // EventBridge delivers the previous event again.
                    RunRecord duplicate = invoke(app, new RunRequest.Scheduled("schedule", previous.eventId(), false),
                            TimeBudget.UNLIMITED);
                    invocations++;
                    count(faults, "duplicate delivery");
                    if (previous.status() == RunStatus.SUCCEEDED || previous.status() == RunStatus.PARTIAL) {
                        assertThat(duplicate.status()).isEqualTo(RunStatus.SKIPPED);
                        assertThat(duplicate.error()).startsWith("duplicate delivery");
                    }
                }
                previous = run.mode().equals("scheduled") ? run : previous;
            }
            faults.put("postgres page connections actually killed", killing.kills());
            faults.put("dynamodb throttling errors actually thrown", dynamoFaults.injected());
            faults.put("ssm write errors actually thrown", ssmFaults.injected());

            // The final clean run (as many as the catch-up limit needs), then a reconcile for the hard deletes.
            clock.advance(Duration.ofMinutes(30));
            for (int i = 0; i < 30; i++) {
                RunRecord last = invoke(app, new RunRequest.Scheduled("final", null, false), TimeBudget.UNLIMITED);
                invocations++;
                if (last.status() == RunStatus.SUCCEEDED) {
                    break;
                }
                assertThat(last.status()).isEqualTo(RunStatus.PARTIAL);
            }
            RunRecord reconcile = invoke(app, new RunRequest.Reconcile(false), TimeBudget.UNLIMITED);
            invocations++;
            assertThat(reconcile.status()).isEqualTo(RunStatus.SUCCEEDED);

            Map<String, Object> statuses = new TreeMap<>();
            Sql.rows(stack.dataSource, "SELECT status, count(*) AS n FROM sync_runs GROUP BY status")
                    .forEach(r -> statuses.put((String) r.get("status"), r.get("n")));
            System.out.println("FaultInjectionTest seed " + seed + ": " + invocations + " invocations, run statuses "
                    + statuses + ", source ops " + model.ops + ", faults " + faults);

            assertThat(invocations).isGreaterThanOrEqualTo(100);
            assertThat(source.differences(stack.dataSource)).as("seed %d: PostgreSQL vs source", seed).isEmpty();
            // content_id is the primary key, so no id can be duplicated; and no row may exist for an id that was
            // never written (an id written and hard-deleted between two runs may have no row at all).
            assertThat(SourceItems.rows(stack.dataSource).keySet()).as("rows only for ids the source wrote")
                    .isSubsetOf(model.everWritten());
            assertThat(app.runLog().coverageGaps()).as("seed %d: coverage gaps", seed).isEmpty();
            assertThat(killing.kills()).isPositive();
            assertThat(dynamoFaults.injected()).isPositive();
            assertThat(ssmFaults.injected()).isPositive();
        }
    }

    private static RunRecord invoke(Tidemark app, RunRequest request, TimeBudget budget) {
        try {
            return app.sync().run(request, budget).getFirst();
        } catch (SyncFailedException failed) {
            return app.runLog().find(failed.runId()).orElseThrow();
        }
    }

    private static void count(Map<String, Integer> faults, String fault) {
        synchronized (faults) {
            faults.merge(fault, 1, Integer::sum);
        }
    }

    private static TimeBudget countdown(int checks) {
        int[] left = {checks};
        return () -> left[0]-- > 0 ? Duration.ofMinutes(10) : Duration.ZERO;
    }

    /** Runs a one-shot hook just before the next page write. */
    private static MappedSink hooked(MappedSink delegate, AtomicReference<Runnable> onNextPage) {
        return MappedSinks.writing(delegate, (runId, rows, rejections) -> {
            Runnable hook = onNextPage.getAndSet(null);
            if (hook != null) {
                hook.run();
            }
            return delegate.write(runId, rows, rejections);
        });
    }

    /** Random producer activity; every version of an id is stamped later than the one before. */
    private static final class SourceModel {
        private final SourceItems source;
        private final Random random;
        private final MutableClock clock;
        private final Map<String, Instant> lastVersion = new TreeMap<>();
        private final List<String> present = new ArrayList<>();
        private final List<String> gone = new ArrayList<>();
        final Map<String, Integer> ops = new TreeMap<>();

        SourceModel(SourceItems source, Random random, MutableClock clock) {
            this.source = source;
            this.random = random;
            this.clock = clock;
        }

        void mutate(int operations) {
            for (int i = 0; i < operations; i++) {
                int op = random.nextInt(100);
                if (op < 35 || present.size() < 5) {
                    String id = "item-" + lastVersion.size();
                    source.put(id, stamp(id));
                    present.add(id);
                    ops.merge("insert", 1, Integer::sum);
                } else if (op < 70) {
                    String id = present.get(random.nextInt(present.size()));
                    source.put(id, stamp(id));
                    ops.merge("update", 1, Integer::sum);
                } else if (op < 82) {
                    String id = present.get(random.nextInt(present.size()));
                    source.tombstone(id, stamp(id));
                    ops.merge("tombstone", 1, Integer::sum);
                } else if (op < 94) {
                    String id = present.remove(random.nextInt(present.size()));
                    source.hardDelete(id);
                    gone.add(id);
                    ops.merge("hard delete", 1, Integer::sum);
                } else if (!gone.isEmpty()) {
                    String id = gone.remove(random.nextInt(gone.size()));
                    source.put(id, stamp(id));
                    present.add(id);
                    ops.merge("re-insert after hard delete", 1, Integer::sum);
                }
            }
        }

        /**
         * Writers' clocks run up to 4 minutes behind (within the 5-minute overlap lag), and some stamps are
         * so fresh that they fall inside the settle delay.
         */
        private Instant stamp(String id) {
            Instant at = clock.instant().minusMillis(random.nextInt(4 * 60_000));
            Instant last = lastVersion.get(id);
            if (last != null && !at.isAfter(last)) {
                at = last.plusMillis(1);
            }
            lastVersion.put(id, at);
            return at;
        }

        java.util.Set<String> everWritten() {
            return lastVersion.keySet();
        }
    }
}
