package dev.tidemark.testing;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Loads a CloudFormation/SAM template, turning the short-form intrinsic tags into their long form, as
 * CloudFormation itself does: {@code !Ref X} becomes {@code {Ref: X}}, {@code !GetAtt A.B} becomes
 * {@code {Fn::GetAtt: [A, B]}}, any other {@code !Fn v} becomes {@code {Fn::Fn: v}}.
 */
public final class CloudFormationYaml {
    private CloudFormationYaml() {
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> load(Path file) {
        try {
            return (Map<String, Object>) new Yaml(new IntrinsicsConstructor()).load(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A nested value by path of map keys, e.g. {@code at(template, "Resources", "SyncFunction", "Type")}. */
    @SuppressWarnings("unchecked")
    public static <T> T at(Object root, String... path) {
        Object node = root;
        for (String key : path) {
            if (!(node instanceof Map<?, ?> map) || !map.containsKey(key)) {
                throw new AssertionError("no " + String.join(".", path) + " (missing '" + key + "')");
            }
            node = map.get(key);
        }
        return (T) node;
    }

    private static final class IntrinsicsConstructor extends SafeConstructor {
        IntrinsicsConstructor() {
            super(new LoaderOptions());
            yamlMultiConstructors.put("!", new AbstractConstruct() {
                @Override
                public Object construct(Node node) {
                    String tag = node.getTag().getValue().substring(1);
                    Object value = switch (node) {
                        case ScalarNode scalar -> constructScalar(scalar);
                        case SequenceNode sequence -> constructSequence(sequence);
                        case MappingNode mapping -> constructMapping(mapping);
                        default -> throw new IllegalArgumentException("unexpected node " + node);
                    };
                    if (tag.equals("Ref")) {
                        return Map.of("Ref", value);
                    }
                    if (tag.equals("GetAtt") && value instanceof String s) {
                        return Map.of("Fn::GetAtt", List.copyOf(Arrays.asList(s.split("\\.", 2))));
                    }
                    return Map.of("Fn::" + tag, value);
                }
            });
        }
    }
}
