package dev.tidemark.deploy;

import dev.tidemark.testing.SamBuild;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12: {@code sam build} works. SAM CLI cannot run here, so this runs what it runs for
 * {@code BuildMethod: makefile}: {@code make build-<function>} with {@code ARTIFACTS_DIR}. (LambdaRuntimeIT then
 * runs the SyncFunction artifacts through the real runtime interface client.)
 */
class MakefileBuildIT {
    private static final Path JAR = Path.of("target", "tidemark-lambda.jar");

    @Test
    void bothFunctionsGetTheShadedJarUnpackedWithoutRebuildingAFreshJar() throws IOException {
        long built = Files.getLastModifiedTime(JAR).toMillis();
        Set<String> jarFiles = new TreeSet<>();
        try (ZipFile zip = new ZipFile(JAR.toFile())) {
            zip.stream().filter(e -> !e.isDirectory()).forEach(e -> jarFiles.add(e.getName()));
        }
        for (String function : new String[]{"SyncFunction", "HealthFunction"}) {
            Path artifacts = SamBuild.artifacts(function);
            assertThat(files(artifacts)).as("%s artifacts", function).isEqualTo(jarFiles);
            assertThat(artifacts.resolve("dev/tidemark/lambda/SyncHandler.class")).isRegularFile();
            assertThat(artifacts.resolve("db/migration")).isDirectory();
            // Where template.yaml's sslrootcert points (Lambda unpacks the package at /var/task).
            assertThat(artifacts.resolve("rds-ca/global-bundle.pem")).isRegularFile();
            assertThat(artifacts.resolve("dev/tidemark/local")).doesNotExist();
        }
        assertThat(Files.getLastModifiedTime(JAR).toMillis()).as("a fresh jar is not rebuilt").isEqualTo(built);
    }

    /**
     * Issue 19, point 5: what {@code sam build} runs with samconfig.toml's {@code build_in_source}, in a copy of the
     * project whose Maven is a stand-in that counts its runs (and copies the real jar as its product): both
     * functions' targets in one directory, as SAM runs them one after the other.
     */
    @Test
    void aSamBuildAfterASourceEditRunsMavenOnceForBothFunctionsAndNoneWithoutAnEdit() throws Exception {
        Path project = Files.createTempDirectory("sam-build-in-source");
        Files.copy(Path.of("Makefile"), project.resolve("Makefile"));
        Files.copy(Path.of("pom.xml"), project.resolve("pom.xml"));
        Files.createDirectories(project.resolve("bin"));
        Files.createSymbolicLink(project.resolve("bin/jdk25"), Path.of("bin", "jdk25").toAbsolutePath());
        Path source = project.resolve("src/main/java/Handler.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, "class Handler {}");
        Path runs = project.resolve("maven-runs");
        Path maven = project.resolve("fake-mvn");
        Files.writeString(maven, "#!/bin/sh\nmkdir -p target && cp '" + JAR.toAbsolutePath() + "' target/tidemark-lambda.jar"
                + " && echo run >> '" + runs + "'\n");
        maven.toFile().setExecutable(true);

        buildBoth(project, maven);
        assertThat(Files.readAllLines(runs)).as("first build: one Maven run for two functions").hasSize(1);
        buildBoth(project, maven);
        assertThat(Files.readAllLines(runs)).as("no edit: no Maven run").hasSize(1);
        Thread.sleep(1100); // file times have one-second resolution on some file systems
        Files.writeString(source, "class Handler { int edited; }");
        buildBoth(project, maven);
        assertThat(Files.readAllLines(runs)).as("after an edit: one more Maven run, not two").hasSize(2);
    }

    private static void buildBoth(Path project, Path maven) throws Exception {
        for (String function : new String[]{"SyncFunction", "HealthFunction"}) {
            Path artifacts = Files.createTempDirectory("sam-artifacts-" + function);
            Process p = new ProcessBuilder("make", "-C", project.toString(), "build-" + function,
                    "ARTIFACTS_DIR=" + artifacts, "MVN=" + maven).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(p.waitFor()).as(output).isZero();
            assertThat(artifacts.resolve("dev/tidemark/lambda/SyncHandler.class")).isRegularFile();
        }
    }

    @Test
    void withoutArtifactsDirTheTargetRefusesInsteadOfUnpackingIntoTheProject() {
        SamBuild.Result r = SamBuild.run("SyncFunction", null);
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.output()).contains("ARTIFACTS_DIR is not set");
    }

    @Test
    void samBuildOutputIsNotCommitted() throws IOException {
        assertThat(Files.readAllLines(Path.of(".gitignore"))).contains(".aws-sam/");
    }

    private static Set<String> files(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            Set<String> out = new TreeSet<>();
            walk.filter(Files::isRegularFile).forEach(p -> out.add(root.relativize(p).toString().replace('\\', '/')));
            return out;
        }
    }
}
