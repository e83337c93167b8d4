package dev.tidemark.app;

import dev.tidemark.core.mapping.DefaultMapping;
import dev.tidemark.core.mapping.Mapping;
import dev.tidemark.core.mapping.MappingException;
import dev.tidemark.core.mapping.MappingReader;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads {@link TidemarkConfig}'s settings from the environment, collecting every problem instead of stopping at the
 * first, so a misconfigured function reports all of them at once.
 */
final class ConfigReader {
    private final Map<String, String> env;
    private final List<String> problems = new ArrayList<>();

    ConfigReader(Map<String, String> env) {
        this.env = env;
    }

    String text(String name, String fallback) {
        String value = env.get(name);
        return value == null || value.isBlank() ? fallback : value.strip();
    }

    Duration duration(String name, Duration fallback) {
        return parse(name, fallback, v -> {
            Duration d = Duration.parse(v);
            if (d.isNegative()) {
                throw new IllegalArgumentException("negative");
            }
            return d;
        }, "an ISO-8601 duration such as PT5M or PT24H, zero or positive");
    }

    int integer(String name, int fallback, int min, int max) {
        return parse(name, fallback, v -> {
            int i = Integer.parseInt(v);
            if (i < min || i > max) {
                throw new IllegalArgumentException("out of range");
            }
            return i;
        }, "a whole number from " + min + " to " + max);
    }

    private <T> T parse(String name, T fallback, Function<String, T> parser, String expected) {
        String value = text(name, null);
        if (value == null) {
            return fallback;
        }
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            problems.add(name + " must be " + expected + ", was '" + value + "'");
            return fallback;
        }
    }

    /**
     * A mapping file: a path on disk, else a resource of that name on the class path (a file packaged in the
     * function's jar); the built-in default when unset.
     */
    Mapping mapping(String name) {
        String value = text(name, null);
        if (value == null) {
            return DefaultMapping.get();
        }
        try {
            Path file = Path.of(value);
            if (Files.isRegularFile(file)) {
                return MappingReader.read(Files.readString(file, StandardCharsets.UTF_8), value);
            }
            try (InputStream in = TidemarkConfig.class.getClassLoader()
                    .getResourceAsStream(value.startsWith("/") ? value.substring(1) : value)) {
                if (in == null) {
                    problems.add(name + " must name a mapping file or a resource in the package, found neither: '"
                            + value + "'");
                    return DefaultMapping.get();
                }
                return MappingReader.read(new String(in.readAllBytes(), StandardCharsets.UTF_8), value);
            }
        } catch (IOException | java.nio.file.InvalidPathException e) {
            problems.add(name + " cannot be read: '" + value + "': " + e.getMessage());
        } catch (MappingException e) {
            problems.add(name + ": " + e.getMessage());
        }
        return DefaultMapping.get();
    }

    void problem(String message) {
        problems.add(message);
    }

    void throwIfProblems() {
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }
}
