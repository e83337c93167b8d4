package dev.tidemark.app;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue 4's settings: page retries and reconcile segments, with defaults and validation. */
class WindowContractConfigTest {
    private static final Map<String, String> DATABASE = Map.of(
            TidemarkConfig.ENV_DB_URL, "jdbc:postgresql://127.0.0.1:5432/tidemark", TidemarkConfig.ENV_DB_USER, "sync");

    @Test
    void defaults() {
        TidemarkConfig config = TidemarkConfig.fromEnvironment(DATABASE);
        assertThat(config.dbRetryAttempts()).isEqualTo(4);
        assertThat(config.dbRetryBaseDelay()).isEqualTo(Duration.ofMillis(100));
        assertThat(config.dbRetryMaxDelay()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.reconcileSegments()).isEqualTo(4);
        assertThat(config.databaseConnectTimeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void badValuesAreAllReported() {
        Map<String, String> env = new HashMap<>(DATABASE);
        env.put(TidemarkConfig.ENV_DB_RETRY_ATTEMPTS, "0");
        env.put(TidemarkConfig.ENV_RECONCILE_SEGMENTS, "1000");
        env.put(TidemarkConfig.ENV_DB_RETRY_BASE_DELAY, "PT1S");
        env.put(TidemarkConfig.ENV_DB_RETRY_MAX_DELAY, "PT0.5S");
        env.put(TidemarkConfig.ENV_DB_CONNECT_TIMEOUT, "PT0.1S");
        assertThatThrownBy(() -> TidemarkConfig.fromEnvironment(env))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).hasSize(4)
                        .anySatisfy(p -> assertThat(p).contains(TidemarkConfig.ENV_DB_CONNECT_TIMEOUT)
                                .contains("PT0.25S"))
                        .anySatisfy(p -> assertThat(p).contains(TidemarkConfig.ENV_DB_RETRY_ATTEMPTS))
                        .anySatisfy(p -> assertThat(p).contains(TidemarkConfig.ENV_RECONCILE_SEGMENTS))
                        .anySatisfy(p -> assertThat(p).contains(TidemarkConfig.ENV_DB_RETRY_MAX_DELAY)
                                .contains("must not be shorter than")));
    }
}
