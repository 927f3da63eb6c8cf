package dev.batchjobs.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batchjobs.api.ApiRequest;
import dev.batchjobs.api.ApiResponse;
import dev.batchjobs.api.BatchJobsApi;
import dev.batchjobs.domain.ApiKeyService;
import dev.batchjobs.domain.EndpointRegistry;
import dev.batchjobs.domain.Ids;
import dev.batchjobs.domain.JobService;
import dev.batchjobs.domain.ProcessingTimeouts;
import dev.batchjobs.domain.chunks.ChunkMessage;
import dev.batchjobs.domain.events.DestinationService;
import dev.batchjobs.domain.events.DestinationUrlPolicy;
import dev.batchjobs.domain.events.EventOutbox;
import dev.batchjobs.domain.events.PingDestination;
import dev.batchjobs.domain.events.PublishingJobStore;
import dev.batchjobs.domain.events.WebhookClient;
import dev.batchjobs.domain.failures.FailureQueries;
import dev.batchjobs.domain.pipeline.ResultsSoFar;
import dev.batchjobs.domain.pipeline.RetryJobs;
import dev.batchjobs.domain.pipeline.SteerJobs;
import dev.batchjobs.json.EventJson;
import dev.batchjobs.json.Json;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/** The whole API on in-memory fakes, for fast tests of its HTTP behaviour. */
public final class ApiFixture {
    public static final String VERSION = "2026-04-22.preview";

    public final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    public final InMemoryJobStore jobs = new InMemoryJobStore(clock);
    public final ApiKeyService apiKeys = new ApiKeyService(new InMemoryApiKeyStore(), clock);
    public final InMemoryDestinationStore destinations = new InMemoryDestinationStore();
    public final RecordingEventPublisher bus = new RecordingEventPublisher();
    public final InMemoryChunkStore chunks = new InMemoryChunkStore(jobs);
    /** Every webhook the API itself sent (pings): URL, body and headers; answers 200. */
    public final List<SentWebhook> webhooks = new CopyOnWriteArrayList<>();
    /** Every chunk message the API queued (a resume's), with its deduplication id. */
    public final List<QueuedChunk> queued = new CopyOnWriteArrayList<>();

    public final InMemoryResultStorage results = new InMemoryResultStorage();
    public final BatchJobsApi api;

    public record SentWebhook(URI url, String payload, Map<String, String> headers) {}

    public record QueuedChunk(ChunkMessage message, String deduplicationId) {}

    public ApiFixture() {
        FakeInputStorage storage = new FakeInputStorage(clock);
        PublishingJobStore published = new PublishingJobStore(jobs, new EventOutbox(jobs.events(), bus));
        JobService service = new JobService(
                published,
                published,
                storage,
                EndpointRegistry.stripeDefaults(),
                Duration.ofMinutes(5),
                ProcessingTimeouts.DEFAULT,
                clock,
                Ids::newJobId);
        DestinationUrlPolicy urls = new DestinationUrlPolicy(Set.of("localhost"), FixedResolver.standard());
        DestinationService destinationService = new DestinationService(destinations, urls, clock);
        WebhookClient receiver = (url, payload, headers) -> {
            webhooks.add(new SentWebhook(url, payload, Map.copyOf(headers)));
            return 200;
        };
        api = new BatchJobsApi(
                apiKeys,
                service,
                storage,
                Duration.ofHours(1),
                destinationService,
                new PingDestination(destinationService, receiver, urls, EventJson::payload, clock, Ids::newEventId),
                jobs.events(),
                new FailureQueries(jobs, chunks, chunks),
                EndpointRegistry.stripeDefaults().jobTypes(),
                new SteerJobs(
                        published, chunks, (message, dedupId) -> queued.add(new QueuedChunk(message, dedupId)), clock),
                new RetryJobs(
                        published,
                        (parent, retry) -> {},
                        chunks,
                        chunks,
                        storage,
                        results,
                        upload -> {},
                        clock,
                        new ProcessingTimeouts(Duration.ofHours(1), Duration.ofHours(1)),
                        Duration.ofMinutes(5),
                        Ids::newJobId),
                new ResultsSoFar(published, chunks, results, clock, Duration.ofSeconds(15)));
    }

    public String newKey(String account) {
        return apiKeys.issue(account, false).secret();
    }

    /** A {@code sk_live_} key of the account: the account's other world. */
    public String newLiveKey(String account) {
        return apiKeys.issue(account, true).secret();
    }

    public Call call(String method, String path) {
        return new Call(method, path);
    }

    /** A request under construction: authenticated with {@code key}, versioned, JSON. */
    public final class Call {
        private final String method;
        private final String path;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private final Map<String, List<String>> query = new LinkedHashMap<>();
        private String body = "";

        Call(String method, String path) {
            this.method = method;
            this.path = path;
            headers.put("stripe-version", VERSION);
        }

        public Call key(String key) {
            headers.put("authorization", "Bearer " + key);
            return this;
        }

        public Call header(String name, String value) {
            headers.put(name.toLowerCase(), value);
            return this;
        }

        public Call withoutHeader(String name) {
            headers.remove(name.toLowerCase());
            return this;
        }

        public Call query(String name, String... values) {
            query.put(name, List.of(values));
            return this;
        }

        public Call json(String json) {
            headers.put("content-type", "application/json");
            body = json;
            return this;
        }

        public Call body(String contentType, String text) {
            headers.put("content-type", contentType);
            body = text;
            return this;
        }

        public Result send() {
            ApiResponse response = api.handle(new ApiRequest(
                    method, path, headers, query, body, UUID.randomUUID().toString()));
            return new Result(response.status(), response.headers(), Json.parseBody(response.body()));
        }
    }

    public record Result(int status, Map<String, String> headers, JsonNode body) {
        public String errorCode() {
            return body.path("error").path("code").asText(null);
        }
    }
}
