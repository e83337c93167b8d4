package dev.tidemark.core.mapping;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Today's canonical model as a mapping: {@code mappings/default.yaml} in the jar, used when no file is given. */
public final class DefaultMapping {
    public static final String RESOURCE = "mappings/default.yaml";

    private static final Mapping MAPPING = MappingReader.read(text(), RESOURCE);

    private DefaultMapping() {
    }

    public static Mapping get() {
        return MAPPING;
    }

    /** The resource's text, as shipped. */
    public static String text() {
        try (InputStream in = DefaultMapping.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
