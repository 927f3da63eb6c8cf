package dev.batchjobs.wiring;

import dev.batchjobs.aws.EmfMetrics;
import dev.batchjobs.domain.Metrics;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * How a function reports on itself: its metrics (CloudWatch's embedded metric format on its standard output), read
 * once from the environment next to {@link Config}.
 *
 * @param metricsNamespace the CloudWatch namespace ({@code METRICS_NAMESPACE}; template parameter {@code MetricsNamespace})
 * @param functionName     the metrics' one dimension: the function's name, as the Lambda runtime sets it
 */
public record Telemetry(String metricsNamespace, String functionName) {
    public static final String METRICS_NAMESPACE = "METRICS_NAMESPACE";
    /** Set by the Lambda runtime (and by the local cloud, to the function's logical id). */
    public static final String FUNCTION_NAME = "AWS_LAMBDA_FUNCTION_NAME";

    public static final String DEFAULT_NAMESPACE = "BatchJobs";

    /** The variables template.yaml must set for every function. */
    public static final List<String> TEMPLATE_VARIABLES = List.of(METRICS_NAMESPACE);

    public static Telemetry fromEnvironment(Map<String, String> env) {
        String namespace = env.getOrDefault(METRICS_NAMESPACE, "");
        String function = env.getOrDefault(FUNCTION_NAME, "");
        return new Telemetry(
                namespace.isBlank() ? DEFAULT_NAMESPACE : namespace.trim(), function.isBlank() ? "local" : function);
    }

    /** @param stdout the function's standard output, where Lambda's log agent reads the metric lines */
    public Metrics metrics(Consumer<String> stdout, Clock clock) {
        return new EmfMetrics(metricsNamespace, functionName, stdout, clock);
    }
}
