package dev.tidemark.lambda;

import dev.tidemark.app.Tidemark;
import dev.tidemark.testing.Sql;
import dev.tidemark.testing.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 6: priming (the init-phase / SnapStart hook) walks the request path but writes nothing anywhere. */
class PrimingTest {
    private static TestStack stack;

    @BeforeAll
    static void start() {
        stack = TestStack.forClass(PrimingTest.class);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void primingLeavesNoRunNoCheckpointAndNoContent() {
        try (Tidemark app = stack.application(Map.of()).build()) {
            Priming.prime(app);

            assertThat(Sql.count(stack.dataSource, "SELECT count(*) FROM sync_runs")).isZero();
            assertThat(Sql.count(stack.dataSource, "SELECT count(*) FROM content")).isZero();
            assertThat(Sql.count(stack.dataSource, "SELECT count(*) FROM quarantine")).isZero();
            assertThat(app.checkpoints().read()).isEmpty();
            assertThat(stack.ssm.describeParameters(r -> r.parameterFilters(f -> f.key("Name").values(stack.checkpointParameter)))
                    .parameters()).isEmpty();
        }
    }
}
