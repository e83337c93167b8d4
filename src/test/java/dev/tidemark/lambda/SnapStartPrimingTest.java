package dev.tidemark.lambda;

import dev.tidemark.app.TidemarkConfig;
import org.crac.Resource;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 12: SnapStart priming as {@code org.crac} hooks. Before the snapshot every client's request path is
 * walked up to the wire, and nothing is connected or read: the "database" below is a socket that would see any
 * connection attempt. After a restore, what was built before is dropped.
 */
class SnapStartPrimingTest {

    @Test
    void beforeTheSnapshotItPrimesEachRequestPathWithoutConnectingOrReadingTheSecret() throws Exception {
        try (ServerSocket database = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            database.setSoTimeout(300);
            Map<String, String> env = Map.of(
                    TidemarkConfig.ENV_DB_URL, "jdbc:postgresql://127.0.0.1:" + database.getLocalPort() + "/tidemark",
                    TidemarkConfig.ENV_DB_SECRET_ID, "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf",
                    "AWS_REGION", "eu-west-1");
            AtomicBoolean discarded = new AtomicBoolean();
            SnapStartPriming priming = new SnapStartPriming(() -> env, () -> discarded.set(true));

            // Each SDK call is stopped where it would be sent; one that got through would fail prime().
            assertThat(priming.prime()).containsExactly("parser", "events", "jackson", "dynamodb", "ssm",
                    "secretsmanager", "cloudwatch", "jdbc");
            priming.beforeCheckpoint(null);
            assertThatThrownBy(database::accept).as("no connection to the database")
                    .isInstanceOf(SocketTimeoutException.class);
            assertThat(discarded).isFalse();

            priming.afterRestore(null);
            assertThat(discarded).as("the application built before the snapshot is dropped").isTrue();
        }
    }

    @Test
    void withoutAnyConfigurationItStillPrimes() {
        assertThat(new SnapStartPriming(Map::of, () -> { }).prime()).hasSize(8);
    }

    @Test
    void theHandlerRegistersItsHooks() {
        assertThat(SyncHandler.snapStart()).isInstanceOf(Resource.class);
    }
}
