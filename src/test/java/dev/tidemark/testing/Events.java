package dev.tidemark.testing;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The event files under {@code events/}, as the Lambda runtime would hand them to the handler. */
public final class Events {
    private Events() {
    }

    public static Map<String, Object> load(String fileName) {
        try {
            return new ObjectMapper().readValue(Files.readString(Path.of("events", fileName)),
                    new TypeReference<Map<String, Object>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
