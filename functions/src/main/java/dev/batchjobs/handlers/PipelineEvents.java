package dev.batchjobs.handlers;

import java.util.Map;

/** Reading the plain JSON objects that Step Functions passes to its Lambda tasks. */
final class PipelineEvents {
    private PipelineEvents() {}

    static String text(Map<String, Object> input, String name) {
        Object value = input.get(name);
        if (value == null) {
            throw new IllegalArgumentException("The task input has no '" + name + "'");
        }
        return String.valueOf(value);
    }

    static long number(Map<String, Object> input, String name) {
        Object value = input.get(name);
        if (value instanceof Number number) {
            return number.longValue();
        }
        return Long.parseLong(text(input, name));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Map<String, Object> input, String name) {
        Object value = input.get(name);
        if (!(value instanceof Map)) {
            throw new IllegalArgumentException("The task input has no object '" + name + "'");
        }
        return (Map<String, Object>) value;
    }
}
