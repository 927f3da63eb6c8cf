package dev.batchjobs.testing;

import dev.batchjobs.domain.Metric;
import dev.batchjobs.domain.MetricRecord;
import dev.batchjobs.domain.Metrics;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every record published, for tests to read back. */
public final class RecordingMetrics implements Metrics {
    public final List<MetricRecord> records = new CopyOnWriteArrayList<>();

    @Override
    public void publish(MetricRecord record) {
        records.add(record);
    }

    /** The sum of one metric over every record that has it. */
    public double sum(Metric metric) {
        return records.stream()
                .filter(r -> r.values().containsKey(metric))
                .mapToDouble(r -> r.value(metric))
                .sum();
    }
}
