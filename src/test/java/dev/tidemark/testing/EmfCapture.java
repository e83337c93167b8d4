package dev.tidemark.testing;

import software.amazon.cloudwatchlogs.emf.model.MetricsContext;
import software.amazon.cloudwatchlogs.emf.sinks.ISink;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** An EMF sink that keeps each serialized record (the JSON line Lambda would print) in a list. */
public final class EmfCapture {
    private EmfCapture() {
    }

    public static ISink into(List<String> lines) {
        return new ISink() {
            @Override
            public void accept(MetricsContext context) {
                try {
                    lines.addAll(context.serialize());
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            }

            @Override
            public CompletableFuture<Void> shutdown() {
                return CompletableFuture.completedFuture(null);
            }
        };
    }
}
