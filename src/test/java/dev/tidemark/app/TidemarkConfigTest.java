package dev.tidemark.app;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class TidemarkConfigTest {

    @Test
    void defaultsApplyWhenOnlyTheDatabaseIsGiven() {
        TidemarkConfig config = TidemarkConfig.fromEnvironment(Map.of(
                TidemarkConfig.ENV_DB_URL, "jdbc:postgresql://127.0.0.1:5432/tidemark",
                TidemarkConfig.ENV_DB_USER, "sync"));

        assertThat(config.table().indexName()).isEqualTo("updatedDate-updatedAt-index");
        assertThat(config.firstRunLookback()).isEqualTo(Duration.ofHours(24));
        assertThat(config.overlapLag()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.checkpointStore()).isEqualTo("ssm");
        assertThat(config.pageSize()).isEqualTo(1000);
        assertThat(config.table().partitionShards()).isEqualTo(1);
        assertThat(config.readCapacityLimit()).isZero();
    }

    @Test
    void shardsAndReadLimitAreReadAndCheckedWithTheRest() {
        TidemarkConfig config = TidemarkConfig.fromEnvironment(Map.of(
                TidemarkConfig.ENV_DB_URL, "jdbc:postgresql://127.0.0.1:5432/tidemark",
                TidemarkConfig.ENV_DB_USER, "sync",
                TidemarkConfig.ENV_PARTITION_SHARDS, "16",
                TidemarkConfig.ENV_READ_CAPACITY_LIMIT, "500"));
        assertThat(config.table().partitionShards()).isEqualTo(16);
        assertThat(config.readCapacityLimit()).isEqualTo(500);
        ConfigException bad = catchThrowableOfType(ConfigException.class, () -> TidemarkConfig.fromEnvironment(
                Map.of(TidemarkConfig.ENV_DB_URL, "jdbc:postgresql://127.0.0.1:5432/tidemark", TidemarkConfig.ENV_DB_USER,
                        "sync", TidemarkConfig.ENV_PARTITION_SHARDS, "0", TidemarkConfig.ENV_READ_CAPACITY_LIMIT, "-1")));
        assertThat(bad.problems()).hasSize(2);
        assertThat(String.join("\n", bad.problems())).contains(TidemarkConfig.ENV_PARTITION_SHARDS)
                .contains(TidemarkConfig.ENV_READ_CAPACITY_LIMIT);
    }

    @Test
    void insideLambdaTheFunctionOnlyChecksTheSchemaAndEndpointsAreTheSdksUnlessNamed() {
        Map<String, String> db = Map.of(TidemarkConfig.ENV_DB_URL, "jdbc:postgresql://127.0.0.1:5432/tidemark",
                TidemarkConfig.ENV_DB_USER, "sync");
        assertThat(TidemarkConfig.fromEnvironment(db).migrateOnStart()).as("the CLI and the demo").isTrue();
        Map<String, String> lambda = new java.util.HashMap<>(db);
        lambda.put("AWS_LAMBDA_FUNCTION_NAME", "tidemark-sync");
        lambda.put(TidemarkConfig.ENV_ENDPOINT_URLS, "");
        TidemarkConfig deployed = TidemarkConfig.fromEnvironment(lambda);
        assertThat(deployed.migrateOnStart()).isFalse();
        assertThat(deployed.endpointOverrides()).isEmpty();
        assertThat(deployed.runRecordPatience()).isEqualTo(Duration.ofSeconds(30));
        lambda.put(TidemarkConfig.ENV_ENDPOINT_URLS, "dynamodb=http://127.0.0.1:8000, SSM=http://127.0.0.1:5000");
        assertThat(TidemarkConfig.fromEnvironment(lambda).endpointOverrides()).isEqualTo(Map.of(
                "dynamodb", java.net.URI.create("http://127.0.0.1:8000"), "ssm", java.net.URI.create("http://127.0.0.1:5000")));
        lambda.put(TidemarkConfig.ENV_ENDPOINT_URLS, "dynamo=http://x kinesis ssm=ftp://y");
        lambda.put(TidemarkConfig.ENV_DB_MIGRATE, "yes");
        ConfigException bad = catchThrowableOfType(ConfigException.class, () -> TidemarkConfig.fromEnvironment(lambda));
        assertThat(bad.problems()).hasSize(4).allSatisfy(p -> assertThat(p).containsAnyOf(
                TidemarkConfig.ENV_ENDPOINT_URLS, TidemarkConfig.ENV_DB_MIGRATE));
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        assertThatThrownBy(() -> TidemarkConfig.fromEnvironment(Map.of(
                TidemarkConfig.ENV_DB_URL, "postgres://not-jdbc",
                TidemarkConfig.ENV_OVERLAP_LAG, "five minutes",
                TidemarkConfig.ENV_PAGE_SIZE, "0",
                TidemarkConfig.ENV_CHECKPOINT_STORE, "redis")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).hasSize(5)
                        .anySatisfy(p -> assertThat(p).contains(TidemarkConfig.ENV_DB_URL))
                        .anySatisfy(p -> assertThat(p).contains(TidemarkConfig.ENV_DB_USER))
                        .anySatisfy(p -> assertThat(p).contains(TidemarkConfig.ENV_OVERLAP_LAG))
                        .anySatisfy(p -> assertThat(p).contains(TidemarkConfig.ENV_PAGE_SIZE))
                        .anySatisfy(p -> assertThat(p).contains(TidemarkConfig.ENV_CHECKPOINT_STORE)));
    }

    @Test
    void thePasswordNeverAppearsInToString() {
        TidemarkConfig config = TidemarkConfig.fromEnvironment(Map.of(
                TidemarkConfig.ENV_DB_URL, "jdbc:postgresql://127.0.0.1/tidemark",
                TidemarkConfig.ENV_DB_USER, "sync",
                TidemarkConfig.ENV_DB_PASSWORD, "hunter2"));

        assertThat(config.toString()).doesNotContain("hunter2").contains("***");
    }

    /**
     * Issue 20: TIDEMARK_MAPPING names a mapping file; its source builds the table and the key conditions' format,
     * and a TIDEMARK_* source setting still overrides it. A file that is neither on disk nor in the package is a
     * configuration problem reported with the rest.
     */
    @Test
    void theMappingComesFromTheFileItsSourceBuildsTheTableAndTheSourceSettingsOverrideIt(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("orders.yaml");
        java.nio.file.Files.writeString(file, dev.tidemark.core.mapping.OrdersMapping.YAML);
        TidemarkConfig config = TidemarkConfig.fromEnvironment(Map.of(
                TidemarkConfig.ENV_DB_URL, "jdbc:postgresql://127.0.0.1:5432/tidemark",
                TidemarkConfig.ENV_DB_USER, "sync",
                TidemarkConfig.ENV_MAPPING, file.toString(),
                TidemarkConfig.ENV_TABLE, "orders-staging"));
        assertThat(config.mapping().root().table()).isEqualTo("orders");
        assertThat(config.table().tableName()).isEqualTo("orders-staging");
        assertThat(config.mapping().source().table()).isEqualTo("orders-staging");
        assertThat(config.table().indexName()).isEqualTo("day-modified-index");
        assertThat(config.table().keyAttribute()).isEqualTo("orderId");
        assertThat(config.table().sortAttribute()).isEqualTo("modifiedMs");
        assertThat(config.table().sortFormat()).isEqualTo(dev.tidemark.core.mapping.TimeFormat.EPOCH_MILLIS);

        TidemarkConfig fallback = TidemarkConfig.fromEnvironment(Map.of(
                TidemarkConfig.ENV_DB_URL, "jdbc:postgresql://127.0.0.1:5432/tidemark", TidemarkConfig.ENV_DB_USER, "sync"));
        assertThat(fallback.mapping()).isEqualTo(dev.tidemark.core.mapping.DefaultMapping.get());
        TidemarkConfig packaged = TidemarkConfig.fromEnvironment(Map.of(
                TidemarkConfig.ENV_DB_URL, "jdbc:postgresql://127.0.0.1:5432/tidemark", TidemarkConfig.ENV_DB_USER, "sync",
                TidemarkConfig.ENV_MAPPING, "mappings/default.yaml"));
        assertThat(packaged.mapping()).isEqualTo(dev.tidemark.core.mapping.DefaultMapping.get());

        ConfigException missing = catchThrowableOfType(ConfigException.class, () -> TidemarkConfig.fromEnvironment(Map.of(
                TidemarkConfig.ENV_DB_URL, "jdbc:postgresql://127.0.0.1:5432/tidemark", TidemarkConfig.ENV_DB_USER, "sync",
                TidemarkConfig.ENV_MAPPING, dir.resolve("absent.yaml").toString(), TidemarkConfig.ENV_PAGE_SIZE, "0")));
        assertThat(missing.problems()).hasSize(2).anySatisfy(p -> assertThat(p).contains(TidemarkConfig.ENV_MAPPING)
                .contains("absent.yaml"));
    }
}
