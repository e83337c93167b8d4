package dev.tidemark.sync;

/** Where the health check's freshness figures go (CloudWatch, deployed). */
@FunctionalInterface
public interface HealthMetrics {
    void publish(HealthReport report);
}
