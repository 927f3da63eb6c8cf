package dev.batchjobs.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.batchjobs.domain.Metric;
import dev.batchjobs.domain.MetricRecord;
import dev.batchjobs.domain.Metrics;
import dev.batchjobs.json.Json;
import java.time.Clock;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Metrics in CloudWatch's embedded metric format: each record is one JSON line on the function's standard output,
 * which Lambda sends to its log group and CloudWatch turns into metrics with no API call. The one dimension is
 * the function's name (a handful of values); a job's id and the like are properties, searchable in Logs Insights
 * but never a metric of their own.
 */
public final class EmfMetrics implements Metrics {
    public static final String DIMENSION = "FunctionName";

    private static final Logger LOG = LoggerFactory.getLogger(EmfMetrics.class);

    private final String namespace;
    private final String functionName;
    private final Consumer<String> stdout;
    private final Clock clock;

    /** @param stdout where the line goes: the function's standard output on Lambda */
    public EmfMetrics(String namespace, String functionName, Consumer<String> stdout, Clock clock) {
        this.namespace = namespace;
        this.functionName = functionName;
        this.stdout = stdout;
        this.clock = clock;
    }

    @Override
    public void publish(MetricRecord record) {
        if (record.values().isEmpty()) {
            return;
        }
        try {
            stdout.accept(Json.MAPPER.writeValueAsString(line(record)));
        } catch (JsonProcessingException | RuntimeException e) {
            // A lost measurement must never fail the work it measures.
            LOG.warn("Could not publish metrics {}: {}", record.values().keySet(), e.toString());
        }
    }

    ObjectNode line(MetricRecord record) {
        ObjectNode line = Json.object();
        ObjectNode aws = line.putObject("_aws");
        aws.put("Timestamp", clock.millis());
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", namespace);
        directive.putArray("Dimensions").addArray().add(DIMENSION);
        ArrayNode metrics = directive.putArray("Metrics");
        line.put(DIMENSION, functionName);
        // Properties first: a metric's or the dimension's own member always wins a clash of names.
        record.properties().forEach((name, value) -> {
            if (!line.has(name)) {
                line.put(name, value);
            }
        });
        for (Map.Entry<Metric, Double> value : record.values().entrySet()) {
            Metric metric = value.getKey();
            metrics.addObject()
                    .put("Name", metric.metricName())
                    .put("Unit", metric.unit().cloudWatchName());
            double number = value.getValue();
            if (number == Math.rint(number) && Math.abs(number) < 1e15) {
                line.put(metric.metricName(), (long) number);
            } else {
                line.put(metric.metricName(), number);
            }
        }
        return line;
    }
}
