package dev.tidemark.bench;

import dev.tidemark.app.TidemarkConfig;
import dev.tidemark.local.SourceTables;
import dev.tidemark.local.MotoServer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/**
 * Scenario 5: fresh JVMs on the Lambda jar (target/tidemark-lambda.jar), each running the handler once on
 * an empty delta against this stack (SSM on moto_server, as deployed). Variants: plain; priming in the init
 * phase (builds the application and connects: for a function without SnapStart); the JDK 25 AOT cache (trained
 * once with -XX:AOTCacheOutput, then used with -XX:AOTCache); both; both with C1 only; and the SnapStart hooks run
 * by hand (beforeCheckpoint, then afterRestore): "ready → run complete" is then what a restored container pays.
 */
final class ColdStart {
    static final int REPEATS = 3;

    private ColdStart() {
    }

    /** Median milliseconds from JVM launch: {ready, run complete} per variant. */
    record Timing(String variant, long readyMs, long doneMs) {
    }

    static List<Timing> run(BenchStack stack, Path lambdaJar, Path work) throws Exception {
        Path probe = probeJar(work);
        Path aot = work.resolve("tidemark.aot");
        Files.deleteIfExists(aot);
        BenchData empty = BenchData.of("coldstart-empty", 0, 1, java.time.Instant.now());
        SourceTables.create(stack.dynamoDb, empty.table());
        try (MotoServer moto = MotoServer.start()) {
            Map<String, String> env = new LinkedHashMap<>(stack.environment(empty.table(), stack.database("coldstart"), "PT24H"));
            env.put(TidemarkConfig.ENV_CHECKPOINT_STORE, "ssm");
            env.put("AWS_ENDPOINT_URL_SSM", moto.endpoint().toString());
            String cp = lambdaJar + java.io.File.pathSeparator + probe;
            // Untimed: migrates the schema and writes the first checkpoint, so every timed run is an empty delta.
            probeRun(env, cp, List.of(), "plain");
            probeRun(env, cp, List.of("-XX:AOTCacheOutput=" + aot), "plain");
            Map<String, List<String>> variants = new LinkedHashMap<>();
            variants.put("plain JVM", List.of());
            variants.put("priming in init", List.of());
            variants.put("AOT cache", List.of("-XX:AOTCache=" + aot));
            variants.put("AOT cache + priming", List.of("-XX:AOTCache=" + aot));
            variants.put("AOT cache + priming + C1 only", List.of("-XX:AOTCache=" + aot, "-XX:TieredStopAtLevel=1"));
            variants.put("SnapStart hooks (beforeCheckpoint + afterRestore)", List.of());
            List<Timing> timings = new ArrayList<>();
            for (var v : variants.entrySet()) {
                long[] ready = new long[REPEATS];
                long[] done = new long[REPEATS];
                for (int i = 0; i < REPEATS; i++) {
                    Children.Output out = probeRun(env, cp, v.getValue(), v.getKey().startsWith("SnapStart") ? "snapstart"
                            : v.getKey().contains("priming") ? "prime" : "plain");
                    ready[i] = Long.parseLong(out.find("READY ").split(" ")[1]) - out.startedAtMillis();
                    done[i] = Long.parseLong(out.find("DONE ").split(" ")[1]) - out.startedAtMillis();
                }
                timings.add(new Timing(v.getKey(), median(ready), median(done)));
            }
            return timings;
        }
    }

    private static Children.Output probeRun(Map<String, String> env, String cp, List<String> flags, String mode)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Children.java().toString(),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"));
        cmd.addAll(flags);
        cmd.addAll(List.of("-cp", cp, ColdStartProbe.class.getName(), mode));
        Children.Output out = Children.run(cmd, env);
        if (!out.find("DONE ").contains("succeeded fetched=0")) {
            throw new IllegalStateException("cold-start run was not an empty, successful run: " + out.lines());
        }
        return out;
    }

    /** The AOT cache wants jars only on the class path, so the probe class goes into a jar of its own. */
    private static Path probeJar(Path work) throws IOException {
        Files.createDirectories(work);
        Path jar = work.resolve("coldstart-probe.jar");
        String entry = ColdStartProbe.class.getName().replace('.', '/') + ".class";
        try (var in = ColdStartProbe.class.getClassLoader().getResourceAsStream(entry);
             JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry(entry));
            in.transferTo(out);
            out.closeEntry();
        }
        return jar;
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
