package dev.tidemark.app;

import dev.tidemark.core.mapping.Attribute;
import dev.tidemark.core.mapping.DefaultMapping;
import dev.tidemark.core.mapping.Mapping;
import dev.tidemark.core.mapping.SourceSpec;
import dev.tidemark.dynamodb.SourceTable;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Everything Tidemark reads from its environment, read once and validated as a whole: {@link #fromEnvironment}
 * reports every problem together in one {@link ConfigException}.
 *
 * <p>AWS endpoints and the region are not here on purpose: the SDK reads the standard variables itself
 * ({@code AWS_REGION}, {@code AWS_ENDPOINT_URL}, {@code AWS_ENDPOINT_URL_DYNAMODB}, {@code AWS_ENDPOINT_URL_SSM},
 * …), so a local endpoint works the same way for Tidemark as for the AWS CLI.
 *
 * @param checkpointStore {@code ssm} (deployed) or {@code postgres} (embedded demo, no SSM available)
 * @param databaseSecretId Secrets Manager secret holding the database username/password (deployed); the password
 *                         then never appears in the environment
 * @param metrics          {@code emf} (run metrics as Embedded Metric Format lines on stdout) or {@code off};
 *                         defaults to {@code emf} inside Lambda ({@code AWS_LAMBDA_FUNCTION_NAME} set), else off
 * @param runTimeout       the function's timeout: a run still {@code running} after it (plus a margin) was killed
 * @param readCapacityLimit read capacity units per second shared by every read of a run and its retries (and a
 *                          reconcile's Scan); 0 means unlimited. The shard count lives in {@link SourceTable}
 * @param migrateOnStart   apply pending schema migrations when the application is built ({@code TIDEMARK_DB_MIGRATE});
 *                         false (the default inside Lambda) only checks that the schema is current and never
 *                         attempts DDL, so the function can run as a role without DDL rights
 * @param runRecordPatience how long the end of a run is retried on fresh connections when PostgreSQL cannot be
 *                          reached (a run whose connections died still records {@code failed} once it is back)
 * @param endpointOverrides endpoints for the SDK clients Tidemark builds, by service ({@code dynamodb}, {@code ssm},
 *                          {@code secretsmanager}, {@code cloudwatch}, {@code sfn}), from {@code TIDEMARK_ENDPOINT_URLS}:
 *                          empty when deployed, so the SDK resolves regional, FIPS or dual-stack endpoints itself;
 *                          {@code sam local invoke} sets it to the local stand-ins
 * @param reconcileStateMachine the backfill state machine a reconcile pass that one invocation did not complete is
 *                              fanned out on (started once per pass); null: the pass continues on the schedule
 * @param mapping          the pipeline's shape ({@code TIDEMARK_MAPPING}, else {@link DefaultMapping}), its source
 *                         with the {@code TIDEMARK_*} source settings applied over it: {@code table} is built
 *                         from {@code mapping.source()}
 */
public record TidemarkConfig(
        SourceTable table,
        String checkpointStore,
        String checkpointParameter,
        String databaseUrl,
        String databaseUser,
        String databasePassword,
        int databasePoolSize,
        Duration databaseConnectTimeout,
        Duration firstRunLookback,
        Duration overlapLag,
        Duration settleDelay,
        int pageSize,
        int maxDaysPerRun,
        Duration timeReserve,
        String databaseSecretId,
        String metrics,
        String metricsNamespace,
        String pipelineName,
        int dbRetryAttempts,
        Duration dbRetryBaseDelay,
        Duration dbRetryMaxDelay,
        int reconcileSegments,
        Duration runTimeout,
        int readCapacityLimit,
        boolean migrateOnStart,
        Duration runRecordPatience,
        Map<String, URI> endpointOverrides,
        String reconcileStateMachine,
        Mapping mapping) {

    public static final String ENV_TABLE = "TIDEMARK_TABLE_NAME";
    public static final String ENV_INDEX = "TIDEMARK_INDEX_NAME";
    public static final String ENV_KEY_ATTRIBUTE = "TIDEMARK_KEY_ATTRIBUTE";
    public static final String ENV_PARTITION_ATTRIBUTE = "TIDEMARK_PARTITION_ATTRIBUTE";
    public static final String ENV_SORT_ATTRIBUTE = "TIDEMARK_SORT_ATTRIBUTE";
    public static final String ENV_TOMBSTONE_FLAG = "TIDEMARK_TOMBSTONE_FLAG_ATTRIBUTE";
    public static final String ENV_TOMBSTONE_TIME = "TIDEMARK_TOMBSTONE_TIME_ATTRIBUTE";
    public static final String ENV_CHECKPOINT_STORE = "TIDEMARK_CHECKPOINT_STORE";
    public static final String ENV_CHECKPOINT_PARAMETER = "TIDEMARK_CHECKPOINT_PARAMETER";
    public static final String ENV_DB_URL = "TIDEMARK_DB_URL";
    public static final String ENV_DB_USER = "TIDEMARK_DB_USER";
    public static final String ENV_DB_PASSWORD = "TIDEMARK_DB_PASSWORD";
    public static final String ENV_DB_POOL_SIZE = "TIDEMARK_DB_POOL_SIZE";
    public static final String ENV_DB_CONNECT_TIMEOUT = "TIDEMARK_DB_CONNECT_TIMEOUT";
    public static final String ENV_FIRST_RUN_LOOKBACK = "TIDEMARK_FIRST_RUN_LOOKBACK";
    public static final String ENV_OVERLAP_LAG = "TIDEMARK_OVERLAP_LAG";
    public static final String ENV_SETTLE_DELAY = "TIDEMARK_SETTLE_DELAY";
    public static final String ENV_PAGE_SIZE = "TIDEMARK_PAGE_SIZE";
    public static final String ENV_MAX_DAYS_PER_RUN = "TIDEMARK_MAX_DAYS_PER_RUN";
    public static final String ENV_TIME_RESERVE = "TIDEMARK_TIME_RESERVE";
    public static final String ENV_DB_SECRET_ID = "TIDEMARK_DB_SECRET_ID";
    public static final String ENV_METRICS = "TIDEMARK_METRICS";
    public static final String ENV_METRICS_NAMESPACE = "TIDEMARK_METRICS_NAMESPACE";
    public static final String ENV_PIPELINE_NAME = "TIDEMARK_PIPELINE_NAME";
    public static final String ENV_DB_RETRY_ATTEMPTS = "TIDEMARK_DB_RETRY_ATTEMPTS";
    public static final String ENV_DB_RETRY_BASE_DELAY = "TIDEMARK_DB_RETRY_BASE_DELAY";
    public static final String ENV_DB_RETRY_MAX_DELAY = "TIDEMARK_DB_RETRY_MAX_DELAY";
    public static final String ENV_RECONCILE_SEGMENTS = "TIDEMARK_RECONCILE_SEGMENTS";
    public static final String ENV_RUN_TIMEOUT = "TIDEMARK_RUN_TIMEOUT";
    public static final String ENV_PARTITION_SHARDS = "TIDEMARK_PARTITION_SHARDS";
    public static final String ENV_READ_CAPACITY_LIMIT = "TIDEMARK_READ_CAPACITY_LIMIT";
    public static final String ENV_DB_MIGRATE = "TIDEMARK_DB_MIGRATE";
    public static final String ENV_RUN_RECORD_PATIENCE = "TIDEMARK_RUN_RECORD_PATIENCE";
    public static final String ENV_ENDPOINT_URLS = "TIDEMARK_ENDPOINT_URLS";
    /** The services {@code TIDEMARK_ENDPOINT_URLS} may name. */
    public static final Set<String> ENDPOINT_SERVICES = Set.of("dynamodb", "ssm", "secretsmanager", "cloudwatch", "sfn");
    public static final String ENV_RECONCILE_STATE_MACHINE = "TIDEMARK_RECONCILE_STATE_MACHINE";
    public static final String ENV_MAPPING = "TIDEMARK_MAPPING";

    public TidemarkConfig {
        Objects.requireNonNull(table, "table");
        endpointOverrides = Map.copyOf(endpointOverrides);
        Objects.requireNonNull(mapping, "mapping");
    }

    public static TidemarkConfig fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    public static TidemarkConfig fromEnvironment(Map<String, String> env) {
        ConfigReader r = new ConfigReader(env);
        Mapping declared = r.mapping(ENV_MAPPING);
        SourceSpec d = declared.source();
        // The TIDEMARK_* source settings, where set, override the mapping's source.
        SourceSpec source = new SourceSpec(r.text(ENV_TABLE, d.table()), r.text(ENV_INDEX, d.index()),
                renamed(d.key(), r.text(ENV_KEY_ATTRIBUTE, null)),
                renamed(d.updatedAt(), r.text(ENV_SORT_ATTRIBUTE, null)), d.updatedAtFormat(),
                renamed(d.partition(), r.text(ENV_PARTITION_ATTRIBUTE, null)),
                r.integer(ENV_PARTITION_SHARDS, d.shards(), 1, 1000),
                renamed(d.tombstoneFlag(), r.text(ENV_TOMBSTONE_FLAG, null)),
                renamed(d.tombstoneTime(), r.text(ENV_TOMBSTONE_TIME, null)));
        Mapping mapping = new Mapping(source, declared.root(), declared.entities(), declared.sets(),
                declared.unmapped(), declared.ignored());
        String key = source.key().name();
        String partition = source.partition().name();
        String sort = source.updatedAt().name();
        SourceTable table = new SourceTable(source.table(), source.index(), key, partition, sort,
                source.shards(), source.updatedAtFormat());
        String store = r.text(ENV_CHECKPOINT_STORE, "ssm");
        if (!store.equals("ssm") && !store.equals("postgres")) {
            r.problem(ENV_CHECKPOINT_STORE + " must be 'ssm' or 'postgres', was '" + store + "'");
        }
        String secretId = r.text(ENV_DB_SECRET_ID, null);
        String dbUrl = r.text(ENV_DB_URL, null);
        if (dbUrl == null && secretId == null) {
            r.problem(ENV_DB_URL + " is required (e.g. jdbc:postgresql://host:5432/tidemark?sslmode=require)"
                    + " unless " + ENV_DB_SECRET_ID + " names a secret with host, port and dbname");
        } else if (dbUrl != null && !dbUrl.startsWith("jdbc:postgresql:")) {
            r.problem(ENV_DB_URL + " must be a jdbc:postgresql: URL, was '" + dbUrl + "'");
        }
        String user = r.text(ENV_DB_USER, null);
        if (user == null && secretId == null) {
            r.problem(ENV_DB_USER + " is required unless " + ENV_DB_SECRET_ID + " names a secret with the username");
        }
        String metrics = r.text(ENV_METRICS, env.containsKey("AWS_LAMBDA_FUNCTION_NAME") ? "emf" : "off");
        if (!metrics.equals("emf") && !metrics.equals("off")) {
            r.problem(ENV_METRICS + " must be 'emf' or 'off', was '" + metrics + "'");
        }
        Duration lookback = r.duration(ENV_FIRST_RUN_LOOKBACK, Duration.ofHours(24));
        Duration overlap = r.duration(ENV_OVERLAP_LAG, Duration.ofMinutes(5));
        Duration settle = r.duration(ENV_SETTLE_DELAY, Duration.ofSeconds(5));
        int pageSize = r.integer(ENV_PAGE_SIZE, 1000, 1, 10_000);
        int maxDays = r.integer(ENV_MAX_DAYS_PER_RUN, 31, 1, 3660);
        Duration reserve = r.duration(ENV_TIME_RESERVE, Duration.ofSeconds(60));
        int poolSize = r.integer(ENV_DB_POOL_SIZE, 3, 2, 50);
        Duration connectTimeout = r.duration(ENV_DB_CONNECT_TIMEOUT, Duration.ofSeconds(10));
        if (connectTimeout.compareTo(Duration.ofMillis(250)) < 0) {
            // HikariCP's floor: below it the pool silently uses its own 30 s default.
            r.problem(ENV_DB_CONNECT_TIMEOUT + " must be at least PT0.25S, was " + connectTimeout);
        }
        int dbRetryAttempts = r.integer(ENV_DB_RETRY_ATTEMPTS, 4, 1, 10);
        Duration dbRetryBase = r.duration(ENV_DB_RETRY_BASE_DELAY, Duration.ofMillis(100));
        Duration dbRetryMax = r.duration(ENV_DB_RETRY_MAX_DELAY, Duration.ofSeconds(2));
        if (dbRetryMax.compareTo(dbRetryBase) < 0) {
            r.problem(ENV_DB_RETRY_MAX_DELAY + " (" + dbRetryMax + ") must not be shorter than "
                    + ENV_DB_RETRY_BASE_DELAY + " (" + dbRetryBase + ")");
        }
        int reconcileSegments = r.integer(ENV_RECONCILE_SEGMENTS, 4, 1, 1000);
        Duration runTimeout = r.duration(ENV_RUN_TIMEOUT, Duration.ofMinutes(15));
        int readCapacityLimit = r.integer(ENV_READ_CAPACITY_LIMIT, 0, 0, 10_000_000);
        String migrate = r.text(ENV_DB_MIGRATE, env.containsKey("AWS_LAMBDA_FUNCTION_NAME") ? "false" : "true");
        if (!migrate.equals("true") && !migrate.equals("false")) {
            r.problem(ENV_DB_MIGRATE + " must be 'true' or 'false', was '" + migrate + "'");
        }
        Duration recordPatience = r.duration(ENV_RUN_RECORD_PATIENCE, Duration.ofSeconds(30));
        Map<String, URI> endpoints = endpoints(r, r.text(ENV_ENDPOINT_URLS, ""));
        r.throwIfProblems();
        return new TidemarkConfig(table, store, r.text(ENV_CHECKPOINT_PARAMETER, "/tidemark/checkpoint"),
                dbUrl, user, r.text(ENV_DB_PASSWORD, null), poolSize, connectTimeout, lookback, overlap, settle, pageSize,
                maxDays, reserve, secretId, metrics, r.text(ENV_METRICS_NAMESPACE, "Tidemark"),
                r.text(ENV_PIPELINE_NAME, "tidemark"), dbRetryAttempts, dbRetryBase, dbRetryMax, reconcileSegments,
                runTimeout, readCapacityLimit, migrate.equals("true"), recordPatience, endpoints,
                r.text(ENV_RECONCILE_STATE_MACHINE, null), mapping);
    }

    /** {@code service=url} pairs separated by spaces or commas, e.g. {@code dynamodb=http://host:8000 ssm=http://host:5000}. */
    private static Map<String, URI> endpoints(ConfigReader r, String text) {
        Map<String, URI> endpoints = new TreeMap<>();
        for (String pair : text.split("[\\s,]+")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String service = eq < 0 ? pair : pair.substring(0, eq).toLowerCase(java.util.Locale.ROOT);
            String url = eq < 0 ? "" : pair.substring(eq + 1);
            if (!ENDPOINT_SERVICES.contains(service)) {
                r.problem(ENV_ENDPOINT_URLS + " names unknown service '" + service + "' (known: "
                        + new TreeSet<>(ENDPOINT_SERVICES) + ")");
            } else if (!url.startsWith("http://") && !url.startsWith("https://")) {
                r.problem(ENV_ENDPOINT_URLS + ": " + service + " needs an http:// or https:// URL, was '" + url + "'");
            } else {
                endpoints.put(service, URI.create(url));
            }
        }
        return endpoints;
    }


    /** The attribute under another name (its aliases kept), or as it is when no name is given. */
    private static Attribute renamed(Attribute attribute, String name) {
        if (name == null) {
            return attribute;
        }
        return new Attribute(name, attribute == null ? List.of()
                : attribute.names().stream().filter(n -> !n.equals(name)).toList());
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "TidemarkConfig[table=" + table + ", checkpointStore=" + checkpointStore + ", checkpointParameter="
                + checkpointParameter + ", databaseUrl=" + databaseUrl + ", databaseUser=" + databaseUser
                + ", databasePassword=" + (databasePassword == null ? "unset" : "***") + ", databasePoolSize="
                + databasePoolSize + ", databaseConnectTimeout=" + databaseConnectTimeout + ", firstRunLookback=" + firstRunLookback + ", overlapLag=" + overlapLag
                + ", settleDelay=" + settleDelay + ", pageSize=" + pageSize + ", maxDaysPerRun=" + maxDaysPerRun
                + ", timeReserve=" + timeReserve + ", databaseSecretId=" + databaseSecretId + ", metrics=" + metrics
                + ", metricsNamespace=" + metricsNamespace + ", pipelineName=" + pipelineName
                + ", dbRetryAttempts=" + dbRetryAttempts + ", dbRetryBaseDelay=" + dbRetryBaseDelay
                + ", dbRetryMaxDelay=" + dbRetryMaxDelay + ", reconcileSegments=" + reconcileSegments
                + ", runTimeout=" + runTimeout + ", readCapacityLimit=" + readCapacityLimit + ", migrateOnStart="
                + migrateOnStart + ", runRecordPatience=" + runRecordPatience + ", endpointOverrides="
                + endpointOverrides + ", reconcileStateMachine=" + reconcileStateMachine + ", mapping root=" + mapping.root().table() + "]";
    }
}
