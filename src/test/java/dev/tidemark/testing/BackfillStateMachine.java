package dev.tidemark.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.Supplier;

import static dev.tidemark.testing.CloudFormationYaml.at;

/**
 * The backfill state machine exactly as template.yaml defines it: its definition with the template's
 * substitutions (parameter defaults), and a driver that walks Plan → Slices → Summary through a handler the way
 * Step Functions does, building each event from the definition's own payload templates (the few JSONPath forms
 * the definition uses). Where a real Step Functions can run the definition (moto), tests run it there too.
 */
public final class BackfillStateMachine {
    public static final String RESOURCE = "BackfillStateMachine";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Object> template;
    private final Map<String, Object> definition;

    private BackfillStateMachine(Map<String, Object> template, Map<String, Object> definition) {
        this.template = template;
        this.definition = definition;
    }

    /** The definition with every {@code ${…}} substituted: parameters by their defaults, the alias by {@code aliasArn}. */
    @SuppressWarnings("unchecked")
    public static BackfillStateMachine fromTemplate(Path file, String aliasArn) {
        Map<String, Object> t = CloudFormationYaml.load(file);
        Map<String, Object> props = at(t, "Resources", RESOURCE, "Properties");
        String text = write(props.get("Definition"));
        for (Map.Entry<String, Object> s : ((Map<String, Object>) props.get("DefinitionSubstitutions")).entrySet()) {
            Object value = s.getValue() instanceof Map<?, ?> ref && ref.get("Ref") instanceof String name
                    && ((Map<String, Object>) t.get("Parameters")).containsKey(name)
                    ? at(t, "Parameters", name, "Default") : aliasArn;
            text = text.replace("${" + s.getKey() + "}", String.valueOf(value));
        }
        try {
            return new BackfillStateMachine(t, JSON.readValue(text, Map.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public Map<String, Object> template() {
        return template;
    }

    public Map<String, Object> definition() {
        return definition;
    }

    public String definitionJson() {
        return write(definition);
    }

    public Map<String, Object> state(String name) {
        return at(definition, "States", name);
    }

    public Map<String, Object> mapState() {
        return state("Slices");
    }

    public Map<String, Object> sliceState() {
        return at(mapState(), "ItemProcessor", "States", "Slice");
    }

    /** What one run of the definition saw: the plan step's selected result, every slice response, the summary. */
    public record Execution(Map<String, Object> plan, int maxConcurrency, List<Map<String, Object>> slices,
                            Map<String, Object> summary) {
    }

    /**
     * Runs the definition's Plan, Slices (on {@code maxConcurrency} threads, as the Map would) and Summary steps
     * through handlers: {@code handlers} gives each thread its own, as each Lambda container has its own.
     */
    @SuppressWarnings("unchecked")
    public Execution run(Map<String, Object> input, String executionName,
                         Supplier<Function<Map<String, Object>, Map<String, Object>>> handlers) throws Exception {
        Map<String, Object> context = Map.of("Execution", Map.of("Name", executionName));
        Function<Map<String, Object>, Map<String, Object>> main = handlers.get();
        Map<String, Object> stateInput = new LinkedHashMap<>(input);

        Map<String, Object> plan = state("Plan");
        Map<String, Object> planned = main.apply((Map<String, Object>) resolve(at(plan, "Parameters", "Payload"),
                stateInput, context));
        Map<String, Object> selected = (Map<String, Object>) resolve(plan.get("ResultSelector"),
                Map.of("Payload", planned), context);
        stateInput.put(((String) plan.get("ResultPath")).substring(2), selected);

        Map<String, Object> map = mapState();
        List<Object> items = (List<Object>) path((String) map.get("ItemsPath"), stateInput, context);
        int concurrency = ((Number) path((String) map.get("MaxConcurrencyPath"), stateInput, context)).intValue();
        List<Map<String, Object>> events = new ArrayList<>();
        for (Object item : items) {
            Map<String, Object> itemContext = Map.of("Execution", context.get("Execution"),
                    "Map", Map.of("Item", Map.of("Value", item)));
            Map<String, Object> event = (Map<String, Object>) resolve(map.get("ItemSelector"), stateInput, itemContext);
            events.add((Map<String, Object>) resolve(at(sliceState(), "Parameters", "Payload.$"), event, itemContext));
        }
        ThreadLocal<Function<Map<String, Object>, Map<String, Object>>> perThread = ThreadLocal.withInitial(handlers);
        List<Map<String, Object>> responses = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(concurrency)) {
            List<Future<Map<String, Object>>> futures = new ArrayList<>();
            for (Map<String, Object> event : events) {
                futures.add(pool.submit(() -> perThread.get().apply(event)));
            }
            for (Future<Map<String, Object>> f : futures) {
                responses.add(f.get());
            }
        }
        Map<String, Object> summary = main.apply((Map<String, Object>) resolve(
                at(state("Summary"), "Parameters", "Payload"), stateInput, context));
        return new Execution(selected, concurrency, responses, summary);
    }

    /** A payload template: keys ending in {@code .$} take a path or an intrinsic, everything else is literal. */
    @SuppressWarnings("unchecked")
    static Object resolve(Object template, Map<String, Object> input, Map<String, Object> context) {
        if (template instanceof String path) {
            return path(path, input, context);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        ((Map<String, Object>) template).forEach((key, value) -> {
            if (key.endsWith(".$")) {
                out.put(key.substring(0, key.length() - 2), path((String) value, input, context));
            } else {
                out.put(key, value instanceof Map<?, ?> ? resolve(value, input, context) : value);
            }
        });
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Object path(String expression, Map<String, Object> input, Map<String, Object> context) {
        if (expression.startsWith("States.StringToJson('") && expression.endsWith("')")) {
            try {
                return JSON.readValue(expression.substring(21, expression.length() - 2), Object.class);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        Object node = expression.startsWith("$$") ? context : input;
        String rest = expression.startsWith("$$") ? expression.substring(2) : expression.substring(1);
        for (String key : rest.isEmpty() ? new String[0] : rest.substring(1).split("\\.")) {
            Map<String, Object> m = (Map<String, Object>) node;
            if (!m.containsKey(key)) {
                throw new IllegalArgumentException("path " + expression + " not found in " + m.keySet());
            }
            node = m.get(key);
        }
        return node;
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parameter defaults by name, for tests that size things from the template. */
    public int parameterDefault(String name) {
        return ((Number) at(template, "Parameters", name, "Default")).intValue();
    }
}
