package dev.batchjobs.wiring;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batchjobs.domain.Endpoint;
import dev.batchjobs.domain.EndpointRegistry;
import dev.batchjobs.domain.HttpMethod;
import dev.batchjobs.domain.ProcessingTimeouts;
import dev.batchjobs.domain.events.RetrySchedule;
import dev.batchjobs.domain.target.Target;
import dev.batchjobs.domain.target.TargetEncoding;
import dev.batchjobs.json.Json;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Everything the functions read from their environment, read once and checked at cold start. The
 * variable names are the ones {@code template.yaml} sets; a test holds the two lists together.
 */
public record Config(
        String jobsTable,
        String apiKeysTable,
        String dataBucket,
        Duration uploadUrlTtl,
        Duration downloadUrlTtl,
        EndpointRegistry endpoints,
        String chunkQueueUrl,
        ProcessingTimeouts processingTimeouts,
        String eventsTable,
        String failuresTable,
        String destinationsTable,
        String eventBusName,
        String webhookQueueUrl,
        String webhookDeadLetterQueueUrl,
        Set<String> destinationAllowedHosts,
        Duration progressEventInterval,
        RetrySchedule webhookRetry,
        Target target,
        Optional<String> targetAuthorizationSecretArn,
        int targetRpsCeiling,
        Optional<String> targetLeasesTable,
        Optional<String> stateMachineArn,
        Optional<String> region,
        Map<String, URI> endpointOverrides,
        CheckpointCadence checkpointCadence,
        Optional<String> smallChunkQueueUrl,
        int smallWorkerMaxRps) {

    /** Under Step Functions' one-year limit on an execution, with room for validation before the wait. */
    static final long MAX_TIMEOUT_SECONDS = 31_449_600;

    public static final String JOBS_TABLE = "JOBS_TABLE";
    public static final String API_KEYS_TABLE = "API_KEYS_TABLE";
    public static final String DATA_BUCKET = "DATA_BUCKET";
    public static final String UPLOAD_URL_TTL_SECONDS = "UPLOAD_URL_TTL_SECONDS";
    public static final String DOWNLOAD_URL_TTL_SECONDS = "DOWNLOAD_URL_TTL_SECONDS";
    public static final String ENDPOINT_REGISTRY = "ENDPOINT_REGISTRY";
    public static final String CHUNK_QUEUE_URL = "CHUNK_QUEUE_URL";
    public static final String PROCESSING_TIMEOUT_SECONDS = "PROCESSING_TIMEOUT_SECONDS";
    /** The longest {@code processing_timeout} a job may ask for (the operator's cap). */
    public static final String MAX_PROCESSING_TIMEOUT_SECONDS = "MAX_PROCESSING_TIMEOUT_SECONDS";
    /** How long the bucket keeps a running job's data (upload, pinned copy, results parts): it must outlive the cap. */
    public static final String WORKING_DATA_RETENTION_DAYS = "WORKING_DATA_RETENTION_DAYS";

    public static final String EVENTS_TABLE = "EVENTS_TABLE";
    public static final String FAILURES_TABLE = "FAILURES_TABLE";
    public static final String DESTINATIONS_TABLE = "DESTINATIONS_TABLE";
    public static final String EVENT_BUS_NAME = "EVENT_BUS_NAME";
    public static final String WEBHOOK_QUEUE_URL = "WEBHOOK_QUEUE_URL";
    public static final String WEBHOOK_DEAD_LETTER_QUEUE_URL = "WEBHOOK_DEAD_LETTER_QUEUE_URL";
    public static final String DESTINATION_ALLOWED_HOSTS = "DESTINATION_ALLOWED_HOSTS";
    public static final String PROGRESS_EVENT_INTERVAL_SECONDS = "PROGRESS_EVENT_INTERVAL_SECONDS";
    public static final String WEBHOOK_RETRY_BASE_SECONDS = "WEBHOOK_RETRY_BASE_SECONDS";
    public static final String WEBHOOK_RETRY_WINDOW_SECONDS = "WEBHOOK_RETRY_WINDOW_SECONDS";
    /** The pipeline's state machine, which only the sweeper starts (an upload whose event never came). */
    public static final String STATE_MACHINE_ARN = "STATE_MACHINE_ARN";

    public static final String TARGET_BASE_URL = "TARGET_BASE_URL";
    public static final String TARGET_ENCODING = "TARGET_ENCODING";
    /** Names the secret that holds the target's Authorization header; the worker reads the secret, never a value. */
    public static final String TARGET_AUTHORIZATION_SECRET_ARN = "TARGET_AUTHORIZATION_SECRET_ARN";

    /** The most requests per second all jobs together send to the target; 0: no ceiling. */
    public static final String TARGET_RPS_CEILING = "TARGET_RPS_CEILING";
    /** Where the running jobs' shares of that ceiling live. */
    public static final String TARGET_LEASES_TABLE = "TARGET_LEASES_TABLE";

    /** How often a worker saves its progress: every so many seconds or rows, whichever comes first. */
    public static final String CHECKPOINT_EVERY_SECONDS = "CHECKPOINT_EVERY_SECONDS";

    public static final String CHECKPOINT_ROWS = "CHECKPOINT_ROWS";
    /** The fewest finished rows a checkpoint due by the clock waits for (at most three intervals). */
    public static final String CHECKPOINT_LEAST_ROWS = "CHECKPOINT_LEAST_ROWS";

    /** The small worker's chunk queue (slow jobs: {@code ChunkLane.SMALL}); every sender of chunk messages has it. */
    public static final String SMALL_CHUNK_QUEUE_URL = "SMALL_CHUNK_QUEUE_URL";
    /** The fastest job (maximum_rps at dispatch) that runs on the small worker; 0: none does. */
    public static final String SMALL_WORKER_MAX_RPS = "SMALL_WORKER_MAX_RPS";

    public static final String TARGET_CONTEXT_HEADER = "TARGET_CONTEXT_HEADER";
    public static final String TARGET_SUPPRESSION_HEADER = "TARGET_SUPPRESSION_HEADER";

    /** The variables template.yaml must set for every function. */
    public static final List<String> TEMPLATE_VARIABLES = List.of(
            JOBS_TABLE,
            API_KEYS_TABLE,
            DATA_BUCKET,
            UPLOAD_URL_TTL_SECONDS,
            DOWNLOAD_URL_TTL_SECONDS,
            ENDPOINT_REGISTRY,
            CHUNK_QUEUE_URL,
            SMALL_CHUNK_QUEUE_URL,
            PROCESSING_TIMEOUT_SECONDS,
            MAX_PROCESSING_TIMEOUT_SECONDS,
            WORKING_DATA_RETENTION_DAYS,
            EVENTS_TABLE,
            FAILURES_TABLE,
            DESTINATIONS_TABLE,
            EVENT_BUS_NAME,
            WEBHOOK_QUEUE_URL,
            WEBHOOK_DEAD_LETTER_QUEUE_URL,
            DESTINATION_ALLOWED_HOSTS,
            PROGRESS_EVENT_INTERVAL_SECONDS,
            WEBHOOK_RETRY_BASE_SECONDS,
            WEBHOOK_RETRY_WINDOW_SECONDS);

    /**
     * The variables only the chunk worker reads (it alone talks to the target, so it alone may read the
     * target's credential); elsewhere they are absent and the target is never built.
     */
    public static final List<String> WORKER_VARIABLES = List.of(
            TARGET_BASE_URL,
            TARGET_ENCODING,
            TARGET_AUTHORIZATION_SECRET_ARN,
            TARGET_CONTEXT_HEADER,
            TARGET_SUPPRESSION_HEADER,
            TARGET_RPS_CEILING,
            TARGET_LEASES_TABLE,
            CHECKPOINT_EVERY_SECONDS,
            CHECKPOINT_ROWS,
            CHECKPOINT_LEAST_ROWS);

    /**
     * Set by the Lambda runtime, or by the local cloud to reach its emulators; the AWS SDK's own names,
     * so an operator's shell that sets them works the same way.
     */
    public static final String REGION = "AWS_REGION";

    public static final List<String> ENDPOINT_OVERRIDES = List.of(
            "AWS_ENDPOINT_URL_DYNAMODB",
            "AWS_ENDPOINT_URL_S3",
            "AWS_ENDPOINT_URL_SQS",
            "AWS_ENDPOINT_URL_SFN",
            "AWS_ENDPOINT_URL_EVENTBRIDGE",
            "AWS_ENDPOINT_URL_SECRETSMANAGER");

    @Override
    public String toString() {
        return "Config[jobsTable=" + jobsTable + ", apiKeysTable=" + apiKeysTable + ", dataBucket=" + dataBucket
                + ", chunkQueueUrl=" + chunkQueueUrl + ", eventsTable=" + eventsTable + ", destinationsTable="
                + destinationsTable + ", eventBusName=" + eventBusName + ", target=" + target + "]";
    }

    /** The state machine the sweeper starts; only the sweeper's environment names it. */
    public String requireStateMachineArn() {
        return stateMachineArn.orElseThrow(() -> new IllegalStateException(
                "Missing environment variable " + STATE_MACHINE_ARN + " (template.yaml sets it)"));
    }

    public static Config fromEnvironment(Map<String, String> env) {
        Map<String, URI> overrides = new LinkedHashMap<>();
        for (String name : ENDPOINT_OVERRIDES) {
            Optional.ofNullable(env.get(name))
                    .filter(v -> !v.isBlank())
                    .ifPresent(v -> overrides.put(name, URI.create(v)));
        }
        return new Config(
                require(env, JOBS_TABLE),
                require(env, API_KEYS_TABLE),
                require(env, DATA_BUCKET),
                // The template allows 60 s at least; the local cloud's tests go lower to watch a URL expire.
                seconds(env, UPLOAD_URL_TTL_SECONDS, 300, 1, 3600),
                seconds(env, DOWNLOAD_URL_TTL_SECONDS, 3600, 60, 604_800),
                registry(env.getOrDefault(ENDPOINT_REGISTRY, "")),
                require(env, CHUNK_QUEUE_URL),
                timeouts(env),
                require(env, EVENTS_TABLE),
                require(env, FAILURES_TABLE),
                require(env, DESTINATIONS_TABLE),
                require(env, EVENT_BUS_NAME),
                require(env, WEBHOOK_QUEUE_URL),
                require(env, WEBHOOK_DEAD_LETTER_QUEUE_URL),
                hosts(env.getOrDefault(DESTINATION_ALLOWED_HOSTS, "")),
                seconds(env, PROGRESS_EVENT_INTERVAL_SECONDS, 5, 1, 3600),
                new RetrySchedule(
                        seconds(env, WEBHOOK_RETRY_BASE_SECONDS, 60, 1, 3600),
                        RetrySchedule.DEFAULT.maxDelay(),
                        seconds(env, WEBHOOK_RETRY_WINDOW_SECONDS, 259_200, 1, 259_200)),
                target(env),
                Optional.ofNullable(env.get(TARGET_AUTHORIZATION_SECRET_ARN)).filter(v -> !v.isBlank()),
                ceiling(env),
                Optional.ofNullable(env.get(TARGET_LEASES_TABLE)).filter(v -> !v.isBlank()),
                Optional.ofNullable(env.get(STATE_MACHINE_ARN)).filter(v -> !v.isBlank()),
                Optional.ofNullable(env.get(REGION)).filter(v -> !v.isBlank()),
                Map.copyOf(overrides),
                new CheckpointCadence(
                        seconds(env, CHECKPOINT_EVERY_SECONDS, 5, 1, 60),
                        (int) number(env, CHECKPOINT_ROWS, 1_000, 10, 10_000),
                        (int) number(env, CHECKPOINT_LEAST_ROWS, 150, 1, 10_000)),
                Optional.ofNullable(env.get(SMALL_CHUNK_QUEUE_URL)).filter(v -> !v.isBlank()),
                (int) number(env, SMALL_WORKER_MAX_RPS, 10, 0, 10_000));
    }

    private static Target target(Map<String, String> env) {
        String base = env.getOrDefault(TARGET_BASE_URL, "https://api.stripe.com");
        String encoding = env.getOrDefault(TARGET_ENCODING, "form");
        TargetEncoding targetEncoding = switch (encoding) {
            case "form" -> TargetEncoding.FORM;
            case "json" -> TargetEncoding.JSON;
            default ->
                throw new IllegalStateException(TARGET_ENCODING + " must be form or json, not '" + encoding + "'");
        };
        try {
            return new Target(
                    URI.create(base),
                    targetEncoding,
                    env.getOrDefault(TARGET_CONTEXT_HEADER, "Stripe-Account"),
                    env.getOrDefault(TARGET_SUPPRESSION_HEADER, "Stripe-Notification-Suppression"));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(TARGET_BASE_URL + " must be an http(s) URL, not '" + base + "'", e);
        }
    }

    /** The target's ceiling, 0 (none) to 10000; a ceiling needs the leases table. */
    private static int ceiling(Map<String, String> env) {
        String value = env.getOrDefault(TARGET_RPS_CEILING, "0").trim();
        int ceiling;
        try {
            ceiling = value.isEmpty() ? 0 : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            ceiling = -1;
        }
        if (ceiling < 0 || ceiling > 10_000) {
            throw new IllegalStateException(TARGET_RPS_CEILING + " must be 0 (none) to 10000, not '" + value + "'");
        }
        if (ceiling > 0 && env.getOrDefault(TARGET_LEASES_TABLE, "").isBlank()) {
            throw new IllegalStateException(
                    "Missing environment variable " + TARGET_LEASES_TABLE + " (a " + TARGET_RPS_CEILING + " needs it)");
        }
        return ceiling;
    }

    /**
     * The default and the cap of a job's processing timeout. The bucket deletes a job's working data (its upload, the
     * pinned copy, the results parts) the set number of days after each is written, so that must outlive the longest
     * job by a day, or a long job would lose its input or parts before it ends: refused here, at cold start.
     */
    public static ProcessingTimeouts timeouts(Map<String, String> env) {
        Duration standard = seconds(env, PROCESSING_TIMEOUT_SECONDS, 86_400, 1, MAX_TIMEOUT_SECONDS);
        Duration maximum = seconds(
                env, MAX_PROCESSING_TIMEOUT_SECONDS, Math.max(86_400, standard.toSeconds()), 60, MAX_TIMEOUT_SECONDS);
        if (maximum.compareTo(standard) < 0) {
            throw new IllegalStateException(MAX_PROCESSING_TIMEOUT_SECONDS + " (" + maximum.toSeconds()
                    + ") must be at least " + PROCESSING_TIMEOUT_SECONDS + " (" + standard.toSeconds() + ")");
        }
        Duration working = Duration.ofDays(bounded(env, WORKING_DATA_RETENTION_DAYS, 8, 1, 3650, " of days"));
        if (working.compareTo(maximum.plusDays(1)) < 0) {
            throw new IllegalStateException(WORKING_DATA_RETENTION_DAYS + " (" + working.toDays()
                    + ") must be at least a day more than " + MAX_PROCESSING_TIMEOUT_SECONDS + " in days ("
                    + (maximum.toSeconds() + 86_399) / 86_400 + " + 1), or a job that runs that long loses its "
                    + "input and results parts to the bucket's lifecycle before it ends");
        }
        return new ProcessingTimeouts(standard, maximum);
    }

    /** Host names the operator lets event destinations use despite a private address (comma-separated). */
    private static Set<String> hosts(String list) {
        return Arrays.stream(list.split(","))
                .map(String::trim)
                .filter(h -> !h.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    private static String require(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("Missing environment variable " + name + " (template.yaml sets it)");
        }
        return value;
    }

    private static Duration seconds(Map<String, String> env, String name, long fallback, long min, long max) {
        return Duration.ofSeconds(bounded(env, name, fallback, min, max, " of seconds"));
    }

    private static long number(Map<String, String> env, String name, long fallback, long min, long max) {
        return bounded(env, name, fallback, min, max, "");
    }

    private static long bounded(Map<String, String> env, String name, long fallback, long min, long max, String unit) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            long number = Long.parseLong(value.trim());
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalStateException(
                name + " must be a number" + unit + " from " + min + " to " + max + ", not '" + value + "'");
    }

    /** Empty means Stripe's endpoints; otherwise a JSON array of {@code {path, http_method, job_type?}}. */
    static EndpointRegistry registry(String json) {
        if (json.isBlank()) {
            return EndpointRegistry.stripeDefaults();
        }
        JsonNode root = Json.parseBody(json);
        if (!root.isArray()) {
            throw new IllegalStateException(ENDPOINT_REGISTRY + " must be a JSON array of endpoints");
        }
        List<Endpoint> endpoints = new ArrayList<>();
        for (JsonNode node : root) {
            String path = node.path("path").asText("");
            String method = node.path("http_method").asText("");
            HttpMethod httpMethod = HttpMethod.fromWireName(method)
                    .orElseThrow(() -> new IllegalStateException(ENDPOINT_REGISTRY + ": http_method of " + path
                            + " must be post or delete, not '" + method + "'"));
            String jobType = node.hasNonNull("job_type") ? node.get("job_type").asText() : null;
            endpoints.add(new Endpoint(path, httpMethod, jobType));
        }
        return new EndpointRegistry(endpoints);
    }
}
