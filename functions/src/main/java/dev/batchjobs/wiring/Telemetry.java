package dev.batchjobs.wiring;

import com.amazonaws.xray.AWSXRay;
import com.amazonaws.xray.AWSXRayRecorder;
import com.amazonaws.xray.interceptors.TracingInterceptor;
import com.amazonaws.xray.strategy.IgnoreErrorContextMissingStrategy;
import dev.batchjobs.aws.EmfMetrics;
import dev.batchjobs.aws.XRayTargetClient;
import dev.batchjobs.domain.Metrics;
import dev.batchjobs.domain.target.TargetClient;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.core.client.builder.SdkClientBuilder;

/**
 * How a function reports on itself, read once from the environment next to {@link Config}: its metrics (CloudWatch's
 * embedded metric format on its standard output) and, where Lambda's active tracing runs an X-Ray daemon, traces
 * of its SDK calls and target requests. Without a daemon (the local cloud, tests, operator commands) no tracing
 * code runs at all: nothing to send to, and nothing to complain about a missing segment.
 *
 * @param metricsNamespace the CloudWatch namespace ({@code METRICS_NAMESPACE}; template parameter {@code MetricsNamespace})
 * @param functionName     the metrics' one dimension: the function's name, as the Lambda runtime sets it
 * @param tracing          whether an X-Ray daemon is there to send to ({@code AWS_XRAY_DAEMON_ADDRESS} is set)
 */
public record Telemetry(String metricsNamespace, String functionName, boolean tracing) {
    public static final String METRICS_NAMESPACE = "METRICS_NAMESPACE";
    /** Set by the Lambda runtime (and by the local cloud, to the function's logical id). */
    public static final String FUNCTION_NAME = "AWS_LAMBDA_FUNCTION_NAME";
    /** Set by the Lambda runtime when the function's tracing is active. */
    public static final String XRAY_DAEMON_ADDRESS = "AWS_XRAY_DAEMON_ADDRESS";

    public static final String DEFAULT_NAMESPACE = "BatchJobs";

    /** The variables template.yaml must set for every function. */
    public static final List<String> TEMPLATE_VARIABLES = List.of(METRICS_NAMESPACE);

    public static Telemetry fromEnvironment(Map<String, String> env) {
        String namespace = env.getOrDefault(METRICS_NAMESPACE, "");
        String function = env.getOrDefault(FUNCTION_NAME, "");
        return new Telemetry(
                namespace.isBlank() ? DEFAULT_NAMESPACE : namespace.trim(),
                function.isBlank() ? "local" : function,
                !env.getOrDefault(XRAY_DAEMON_ADDRESS, "").isBlank());
    }

    /** @param stdout the function's standard output, where Lambda's log agent reads the metric lines */
    public Metrics metrics(Consumer<String> stdout, Clock clock) {
        return new EmfMetrics(metricsNamespace, functionName, stdout, clock);
    }

    /** With tracing, every call of the client becomes a subsegment of the invocation's segment. */
    public <B extends SdkClientBuilder<B, C>, C> B instrument(B builder) {
        if (tracing) {
            recorder();
            builder.overrideConfiguration(c -> c.addExecutionInterceptor(new TracingInterceptor()));
        }
        return builder;
    }

    /** With tracing, every request to the target becomes a subsegment of the worker's segment. */
    public TargetClient traced(TargetClient client) {
        return tracing ? new XRayTargetClient(client, recorder()) : client;
    }

    /** The global recorder, told to ignore a call made outside an invocation (cold start, SnapStart priming). */
    private static AWSXRayRecorder recorder() {
        AWSXRay.getGlobalRecorder().setContextMissingStrategy(new IgnoreErrorContextMissingStrategy());
        return AWSXRay.getGlobalRecorder();
    }
}
