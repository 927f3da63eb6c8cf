package dev.batchjobs.domain;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Measurements taken together (one worker run, one validation pass, one delivery) and the properties that say
 * what they are about (the job id, the chunk): published as one record, one log line in CloudWatch's format.
 */
public record MetricRecord(Map<Metric, Double> values, Map<String, String> properties) {
    public MetricRecord {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    public static Builder builder() {
        return new Builder();
    }

    public double value(Metric metric) {
        Double value = values.get(metric);
        if (value == null) {
            throw new IllegalArgumentException(metric + " is not in this record");
        }
        return value;
    }

    /** Collects values and properties; a value put twice is the later one. */
    public static final class Builder {
        private final Map<Metric, Double> values = new LinkedHashMap<>();
        private final Map<String, String> properties = new LinkedHashMap<>();

        private Builder() {}

        public Builder put(Metric metric, double value) {
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException(metric + " must be a finite number, not " + value);
            }
            values.put(metric, value);
            return this;
        }

        public Builder property(String name, String value) {
            properties.put(name, value);
            return this;
        }

        public MetricRecord build() {
            return new MetricRecord(values, properties);
        }
    }
}
