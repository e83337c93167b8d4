package dev.tidemark.ssm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tidemark.core.Checkpoint;
import dev.tidemark.sync.CheckpointStore;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterType;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The checkpoint as a JSON String parameter in SSM Parameter Store:
 * {@code {"watermark":"2026-11-22T10:00:00.000Z","runId":"…","committedAt":"…"}}.
 *
 * <p>Read fresh on every run (a cached value would let two containers disagree). Retries on throttling
 * and transient faults come from the client's SDK retry strategy (standard mode, exponential backoff with
 * jitter, 3 attempts), configured where the client is built. A bare ISO-8601 timestamp, as an older
 * hand-written job may have stored, is accepted as the watermark.
 */
public final class SsmCheckpointStore implements CheckpointStore {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SsmClient ssm;
    private final String parameterName;

    public SsmCheckpointStore(SsmClient ssm, String parameterName) {
        this.ssm = ssm;
        this.parameterName = parameterName;
    }

    @Override
    public Optional<Checkpoint> read() {
        String value;
        try {
            value = ssm.getParameter(r -> r.name(parameterName)).parameter().value();
        } catch (ParameterNotFoundException firstRun) {
            return Optional.empty();
        }
        return Optional.of(decode(value));
    }

    @Override
    public void write(Checkpoint checkpoint) {
        ssm.putParameter(r -> r.name(parameterName).type(ParameterType.STRING).overwrite(true)
                .value(encode(checkpoint)));
    }

    @Override
    public String location() {
        return "ssm:" + parameterName;
    }

    static String encode(Checkpoint c) {
        ObjectNode node = JSON.createObjectNode();
        node.put("watermark", c.watermark().toString());
        node.put("runId", c.runId());
        node.put("committedAt", c.committedAt().toString());
        return node.toString();
    }

    Checkpoint decode(String value) {
        String text = value.strip();
        try {
            if (!text.startsWith("{")) {
                Instant watermark = Instant.parse(text);
                return new Checkpoint(watermark, null, watermark);
            }
            JsonNode node = JSON.readTree(text);
            Instant watermark = Instant.parse(node.path("watermark").asText());
            String committedAt = node.path("committedAt").asText(null);
            return new Checkpoint(watermark, node.path("runId").asText(null),
                    committedAt == null ? watermark : Instant.parse(committedAt));
        } catch (JsonProcessingException | DateTimeParseException e) {
            throw new IllegalStateException("checkpoint parameter " + parameterName
                    + " holds neither checkpoint JSON nor an ISO-8601 instant: " + text, e);
        }
    }
}
