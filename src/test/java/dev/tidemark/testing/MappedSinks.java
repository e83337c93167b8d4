package dev.tidemark.testing;

import dev.tidemark.core.mapping.DefaultMapping;
import dev.tidemark.core.mapping.MappedOutcome;
import dev.tidemark.core.model.Rejection;
import dev.tidemark.postgres.PostgresMappedSink;
import dev.tidemark.sync.MappedSink;
import dev.tidemark.sync.PageResult;

import javax.sql.DataSource;
import java.util.List;

/** The sink production writes through, and wrappers of it that tests inject faults with. */
public final class MappedSinks {
    private MappedSinks() {
    }

    /** One page write, as a wrapper does it: before, instead of, or after the real write. */
    @FunctionalInterface
    public interface Write {
        PageResult write(String runId, List<MappedOutcome.Mapped> rows, List<Rejection> rejections);
    }

    /** Production's sink with the built-in default mapping (today's model). */
    public static MappedSink postgres(DataSource dataSource) {
        return new PostgresMappedSink(dataSource, DefaultMapping.get());
    }

    /** A sink that writes with {@code write} and previews (dry runs) with {@code real}. */
    public static MappedSink writing(MappedSink real, Write write) {
        return new MappedSink() {
            @Override
            public PageResult write(String runId, List<MappedOutcome.Mapped> rows, List<Rejection> rejections) {
                return write.write(runId, rows, rejections);
            }

            @Override
            public PageResult preview(List<MappedOutcome.Mapped> rows, List<Rejection> rejections) {
                return real.preview(rows, rejections);
            }
        };
    }
}
