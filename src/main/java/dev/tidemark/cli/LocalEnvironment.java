package dev.tidemark.cli;

import dev.tidemark.app.TidemarkConfig;
import dev.tidemark.local.LocalStack;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/** What {@code bin/tidemark demo --serve} prints: the variables that point the CLI at the local stack. */
final class LocalEnvironment {
    private LocalEnvironment() {
    }

    /** For {@code bin/tidemark} in another shell, on this machine. */
    static Map<String, String> forCli(LocalStack stack, TidemarkConfig config) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_REGION", LocalStack.REGION);
        env.put("AWS_ACCESS_KEY_ID", "local");
        env.put("AWS_SECRET_ACCESS_KEY", "local");
        env.put("AWS_ENDPOINT_URL_DYNAMODB", stack.dynamoDbEndpoint().toString());
        if (stack.motoEndpoint() != null) {
            env.put("AWS_ENDPOINT_URL_SSM", stack.motoEndpoint().toString());
            env.put("AWS_ENDPOINT_URL_SECRETS_MANAGER", stack.motoEndpoint().toString());
            env.put("AWS_ENDPOINT_URL_CLOUDWATCH", stack.motoEndpoint().toString());
        } else {
            // No SSM without moto: the checkpoint lives in PostgreSQL, as in the embedded demo.
            env.put(TidemarkConfig.ENV_CHECKPOINT_STORE, "postgres");
        }
        env.put(TidemarkConfig.ENV_TABLE, config.table().tableName());
        env.put(TidemarkConfig.ENV_INDEX, config.table().indexName());
        env.put(TidemarkConfig.ENV_DB_URL, stack.jdbcUrl());
        env.put(TidemarkConfig.ENV_DB_USER, LocalStack.USER);
        env.put(TidemarkConfig.ENV_DB_PASSWORD, LocalStack.PASSWORD);
        return env;
    }

    static void print(PrintWriter out, LocalStack stack, TidemarkConfig config) {
        out.printf("Local stack up (Ctrl-C stops it):%n");
        out.printf("  DynamoDB Local  %s  table %s, index %s, %d items%n", stack.dynamoDbEndpoint(),
                config.table().tableName(), config.table().indexName(), stack.items());
        out.printf("  PostgreSQL      %s  (user %s, password %s from other hosts)%n", stack.jdbcUrl(),
                LocalStack.USER, LocalStack.PASSWORD);
        if (stack.motoEndpoint() != null) {
            out.printf("  moto_server     %s  SSM, Secrets Manager, CloudWatch; secret %s%n", stack.motoEndpoint(),
                    stack.secretArn());
        } else {
            out.printf("  moto_server     not installed (pip install 'moto[server]==5.2.1'): no SSM, no secret;"
                    + " sam local invoke needs it%n");
        }
        out.printf("%nbin/tidemark in another shell:%n");
        forCli(stack, config).forEach((name, value) -> out.printf("  export %s=%s%n", name, value));
        out.printf("%nsam local invoke (samconfig.toml and events/local-env.json already point at these ports"
                + " through host.docker.internal):%n");
        out.printf("  sam build && sam local invoke SyncFunction -e events/sync.json%n");
        out.printf("  sam local invoke HealthFunction -e events/health.json%n");
        out.flush();
    }
}
