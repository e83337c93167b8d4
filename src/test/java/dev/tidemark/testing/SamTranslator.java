package dev.tidemark.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code template.yaml} expanded by aws-sam-translator (the library behind CloudFormation's SAM transform and
 * {@code sam validate}) under given parameter values, through {@code src/test/resources/sam/expand.py}. Each result
 * holds {@code expanded} (what CloudFormation would receive) and {@code resolved} (the same with parameters,
 * conditions and string functions evaluated, so assertions read plain values).
 */
public final class SamTranslator {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SCRIPT = Path.of("src", "test", "resources", "sam", "expand.py");

    private SamTranslator() {
    }

    /** One expansion per parameter set, in one Python process. */
    public static List<JsonNode> expand(Path template, List<Map<String, String>> parameterSets) {
        try {
            return python(List.of("python3", SCRIPT.toString(), template.toString(),
                    JSON.writeValueAsString(parameterSets), "tidemark"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What {@code template}'s {@code SettingsDigestFunction} answers CloudFormation for each set of custom resource
     * properties: its inline code run as Lambda runs it (through {@code src/test/resources/sam/digest.py}), the
     * response recorded instead of sent. Each result holds {@code status}, {@code data} and {@code physicalResourceId}.
     */
    public static List<JsonNode> digestResponses(Path template, List<JsonNode> properties) {
        return python(List.of("python3", Path.of("src", "test", "resources", "sam", "digest.py").toString(),
                template.toString(), JSON.valueToTree(properties).toString()));
    }

    private static List<JsonNode> python(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).start();
            byte[] out = p.getInputStream().readAllBytes();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(command.get(1) + " failed: " + err);
            }
            List<JsonNode> results = new ArrayList<>();
            JSON.readTree(out).forEach(results::add);
            return results;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode expand(Path template, Map<String, String> parameters) {
        return expand(template, List.of(parameters)).getFirst();
    }
}
