package dev.tidemark.deploy;

import dev.tidemark.app.TidemarkConfig;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.tidemark.testing.CloudFormationYaml.at;
import static dev.tidemark.testing.CloudFormationYaml.load;
import static org.assertj.core.api.Assertions.assertThat;

/** The README and the operating docs under {@code docs/} keep up with the code and the template. */
class OperationsDocsTest {

    @Test
    void configurationTableListsEveryEnvironmentVariable() throws Exception {
        String table = section("docs/configuration.md", "## Configuration");
        List<String> names = new ArrayList<>();
        for (Field f : TidemarkConfig.class.getFields()) {
            if (f.getName().startsWith("ENV_") && Modifier.isStatic(f.getModifiers())) {
                names.add((String) f.get(null));
            }
        }
        assertThat(names).hasSizeGreaterThan(20)
                .allSatisfy(name -> assertThat(table).contains("| `" + name + "` |"));
    }

    @Test
    void deploySectionListsEveryTemplateParameterAndAlarmsSectionEveryAlarm() throws IOException {
        Map<String, Object> template = load(Path.of("template.yaml"));
        String deploy = section("docs/deploy.md", "## Deploy");
        Map<String, Object> parameters = at(template, "Parameters");
        assertThat(parameters.keySet()).allSatisfy(p -> assertThat(deploy).contains("`" + p + "`"));
        String alarms = section("docs/operations.md", "## Alarms and on-call");
        Map<String, Object> resources = at(template, "Resources");
        resources.forEach((name, resource) -> {
            if ("AWS::CloudWatch::Alarm".equals(((Map<?, ?>) resource).get("Type"))) {
                assertThat(alarms).contains("| `" + name + "` |");
            }
        });
    }

    @Test
    void metricsTableNamesEveryEmittedMetric() throws IOException {
        String alarms = section("docs/operations.md", "## Alarms and on-call");
        for (String metric : List.of("RecordsFetched", "RecordsUpserted", "RecordsUnchanged", "RecordsQuarantined",
                "RecordsDeleted", "Pages", "PartialRuns", "FailedRuns", "SkippedRuns", "ColdStart", "RunDuration",
                "WatermarkLagSeconds", "MinutesSinceLastSuccess", "WatermarkLagMinutes", "LateRecords",
                "MaxLatenessSeconds", "ReconcileMissing", "ReconcileStale", "ReconcileDeleted", "ReconcileRepaired")) {
            assertThat(alarms).contains("`" + metric + "`");
        }
    }

    @Test
    void quickStartNamesTheTwoSetUpCommandsAndCiRunsBothOnAColdTemporaryDirectory() throws IOException {
        String quickStart = section("README.md", "## Quick start");
        String firstBlock = quickStart.substring(quickStart.indexOf("```bash\n") + 8);
        firstBlock = firstBlock.substring(0, firstBlock.indexOf("```"));
        List<String> commands = firstBlock.lines().map(l -> l.replaceAll("\\s+#.*", "").strip())
                .filter(l -> !l.isEmpty()).toList();
        assertThat(commands).containsExactly("bin/tidemark demo", "bin/test");

        String ci = Files.readString(Path.of(".ci/run"));
        assertThat(ci).contains("cold bin/tidemark demo\n", "cold bin/test\n", "cold bin/test --clock +400d\n")
                .contains("-Djava.io.tmpdir=$dir").contains("mktemp -d");
        assertThat(Files.readString(Path.of("bin/test"))).contains("\"$here/mvn\" verify");
        assertThat(Path.of("bin/test")).isExecutable();
    }

    private static String section(String file, String heading) throws IOException {
        String readme = Files.readString(Path.of(file));
        int start = readme.indexOf("\n" + heading + "\n");
        assertThat(start).as(heading).isNotNegative();
        int end = readme.indexOf("\n## ", start + heading.length() + 2);
        return end < 0 ? readme.substring(start) : readme.substring(start, end);
    }
}
