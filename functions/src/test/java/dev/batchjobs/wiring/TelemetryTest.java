package dev.batchjobs.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.xray.interceptors.TracingInterceptor;
import dev.batchjobs.aws.XRayTargetClient;
import dev.batchjobs.domain.target.TargetClient;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

class TelemetryTest {
    private static final TargetClient TARGET = request -> new CompletableFuture<>();

    @Test
    void withAnXRayDaemonEverySdkCallAndTargetRequestIsTraced() {
        Telemetry telemetry = Telemetry.fromEnvironment(Map.of("AWS_XRAY_DAEMON_ADDRESS", "169.254.79.129:2000"));

        assertThat(telemetry.tracing()).isTrue();
        assertThat(interceptorsOf(telemetry)).hasAtLeastOneElementOfType(TracingInterceptor.class);
        assertThat(telemetry.traced(TARGET)).isInstanceOf(XRayTargetClient.class);
    }

    /** The local cloud and the tests have no daemon: no interceptor, no subsegment, no "segment not found" noise. */
    @Test
    void withoutOneNothingIsTraced() {
        Telemetry telemetry = Telemetry.fromEnvironment(Map.of("AWS_XRAY_DAEMON_ADDRESS", " "));

        assertThat(telemetry.tracing()).isFalse();
        assertThat(interceptorsOf(telemetry)).noneMatch(TracingInterceptor.class::isInstance);
        assertThat(telemetry.traced(TARGET)).isSameAs(TARGET);
    }

    @Test
    void theMetricsNamespaceAndFunctionNameComeFromTheEnvironmentWithDefaults() {
        assertThat(Telemetry.fromEnvironment(Map.of())).isEqualTo(new Telemetry("BatchJobs", "local", false));
        assertThat(Telemetry.fromEnvironment(
                        Map.of("METRICS_NAMESPACE", "Acme/Batch", "AWS_LAMBDA_FUNCTION_NAME", "stack-Worker-1")))
                .isEqualTo(new Telemetry("Acme/Batch", "stack-Worker-1", false));
    }

    private static List<ExecutionInterceptor> interceptorsOf(Telemetry telemetry) {
        try (SdkHttpClient http = Apache5HttpClient.create();
                DynamoDbClient client = telemetry
                        .instrument(DynamoDbClient.builder())
                        .httpClient(http)
                        .region(Region.US_EAST_1)
                        .credentialsProvider(AnonymousCredentialsProvider.create())
                        .build()) {
            return client.serviceClientConfiguration().overrideConfiguration().executionInterceptors();
        }
    }
}
