package dev.batchjobs.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batchjobs.domain.ApiKeyService;
import dev.batchjobs.domain.EndpointRegistry;
import dev.batchjobs.domain.Ids;
import dev.batchjobs.domain.JobService;
import dev.batchjobs.domain.JobStore;
import dev.batchjobs.domain.ProcessingTimeouts;
import dev.batchjobs.domain.events.DestinationService;
import dev.batchjobs.domain.events.DestinationUrlPolicy;
import dev.batchjobs.domain.events.PingDestination;
import dev.batchjobs.domain.failures.FailureQueries;
import dev.batchjobs.domain.pipeline.SteerJobs;
import dev.batchjobs.json.EventJson;
import dev.batchjobs.json.Json;
import dev.batchjobs.testing.FakeInputStorage;
import dev.batchjobs.testing.InMemoryApiKeyStore;
import dev.batchjobs.testing.InMemoryChunkStore;
import dev.batchjobs.testing.InMemoryDestinationStore;
import dev.batchjobs.testing.InMemoryEventStore;
import dev.batchjobs.testing.InMemoryJobStore;
import dev.batchjobs.testing.MutableClock;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** When the store fails: a fixed 500 with a request id, and logs that hold the cause but no secret. */
class UnexpectedFailureTest {
    private static final String SECRET_IN_ERROR = "connection to db-internal.example:8000 refused";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final ApiKeyService keys = new ApiKeyService(new InMemoryApiKeyStore(), clock);
    private final StringWriter logs = new StringWriter();
    private WriterAppender appender;
    private LoggerConfig loggerConfig;

    @BeforeEach
    void captureLogs() {
        LoggerContext context = LoggerContext.getContext(false);
        Configuration configuration = context.getConfiguration();
        appender = WriterAppender.newBuilder()
                .setName("capture")
                .setTarget(logs)
                .setLayout(PatternLayout.newBuilder()
                        .withPattern("%level %m %X %ex%n")
                        .build())
                .build();
        appender.start();
        loggerConfig = new LoggerConfig("dev.batchjobs", Level.INFO, false);
        loggerConfig.addAppender(appender, Level.INFO, null);
        configuration.addLogger("dev.batchjobs", loggerConfig);
        context.updateLoggers();
    }

    @AfterEach
    void stopCapturing() {
        LoggerContext context = LoggerContext.getContext(false);
        context.getConfiguration().removeLogger("dev.batchjobs");
        context.updateLoggers();
        appender.stop();
    }

    @Test
    void theClientGetsAFixedMessageWithTheRequestIdAndTheLogsGetTheCauseButNoKey() {
        // Every call fails the way a store that cannot reach its database does.
        JobStore broken = (JobStore) Proxy.newProxyInstance(
                JobStore.class.getClassLoader(), new Class<?>[] {JobStore.class}, (proxy, method, args) -> {
                    throw new IllegalStateException(SECRET_IN_ERROR);
                });
        FakeInputStorage storage = new FakeInputStorage(clock);
        DestinationService destinations =
                new DestinationService(new InMemoryDestinationStore(), DestinationUrlPolicy.publicOnly(), clock);
        BatchJobsApi api = new BatchJobsApi(
                keys,
                new JobService(
                        broken,
                        broken,
                        storage,
                        EndpointRegistry.stripeDefaults(),
                        Duration.ofMinutes(5),
                        ProcessingTimeouts.DEFAULT,
                        clock,
                        Ids::newJobId),
                storage,
                Duration.ofHours(1),
                destinations,
                new PingDestination(
                        destinations,
                        (url, payload, headers) -> 200,
                        DestinationUrlPolicy.publicOnly(),
                        EventJson::payload,
                        clock,
                        Ids::newEventId),
                new InMemoryEventStore(),
                new FailureQueries(
                        broken,
                        new InMemoryChunkStore(new InMemoryJobStore(clock)),
                        new InMemoryChunkStore(new InMemoryJobStore(clock))),
                EndpointRegistry.stripeDefaults().jobTypes(),
                new SteerJobs(broken, new InMemoryChunkStore(new InMemoryJobStore(clock)), (m, d) -> {}, clock),
                null,
                null);
        String key = keys.issue("acct_a", false).secret();

        ApiResponse response = api.handle(new ApiRequest(
                "POST",
                "/v2/core/batch_jobs",
                Map.of(
                        "authorization",
                        "Bearer " + key,
                        "stripe-version",
                        "2026-04-22.preview",
                        "content-type",
                        "application/json"),
                Map.of(),
                "{\"endpoint\": {\"path\": \"/v1/customers/:id\", \"http_method\": \"post\"}}",
                "abc-123"));
        JsonNode error = Json.parseBody(response.body()).get("error");

        assertThat(response.status()).isEqualTo(500);
        assertThat(error.get("type").asText()).isEqualTo("api_error");
        assertThat(error.get("code").asText()).as("the README's error table").isEqualTo("internal_error");
        assertThat(error.get("message").asText()).contains("req_abc123").doesNotContain("db-internal");
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("at dev.batchjobs");
        assertThat(logs.toString())
                .contains(SECRET_IN_ERROR)
                .contains("req_abc123")
                .contains("acct_a")
                .doesNotContain(key)
                .doesNotContain(key.substring(8));
        assertThat(List.of(response.headers().get("Request-Id"))).containsExactly("req_abc123");
    }
}
