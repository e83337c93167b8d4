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
            assertThat(artifacts.resolve("dev/tidemark/local")).doesNotExist();
        }
        assertThat(Files.getLastModifiedTime(JAR).toMillis()).as("a fresh jar is not rebuilt").isEqualTo(built);
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
