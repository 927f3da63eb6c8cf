package dev.batchjobs.domain;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A create request whose shape has been checked; its meaning is checked by {@link JobService}.
 *
 * @param inputFileName what the client calls the file it will upload (shown back, never used as a key), or null
 * @param failureThreshold the job's canary, or null
 * @param processingTimeout how long the job may process (beyond Stripe, up to the deployment's cap), or null for
 *     the deployment's default
 */
public record CreateJobCommand(
        EndpointRef endpoint,
        int maximumRps,
        Map<String, String> metadata,
        boolean skipValidation,
        NotificationScope notificationScope,
        InputFormat input,
        String inputFileName,
        FailureThreshold failureThreshold,
        Duration processingTimeout) {

    /** A command without a failure threshold. */
    public CreateJobCommand(
            EndpointRef endpoint,
            int maximumRps,
            Map<String, String> metadata,
            boolean skipValidation,
            NotificationScope notificationScope,
            InputFormat input,
            String inputFileName) {
        this(endpoint, maximumRps, metadata, skipValidation, notificationScope, input, inputFileName, null, null);
    }

    public CreateJobCommand {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(notificationScope, "notificationScope");
        Objects.requireNonNull(input, "input");
        metadata = Map.copyOf(Objects.requireNonNull(metadata, "metadata"));
    }

    public Optional<Duration> requestedTimeout() {
        return Optional.ofNullable(processingTimeout);
    }

    /**
     * A canonical text of the request, independent of field order and of defaults being spelled out or
     * not: two requests mean the same thing exactly when their fingerprints are equal.
     */
    public String fingerprint() {
        StringBuilder text = new StringBuilder()
                .append(endpoint.httpMethod().wireName())
                .append(' ')
                .append(endpoint.path())
                .append("|rps=")
                .append(maximumRps)
                .append("|skip=")
                .append(skipValidation)
                .append("|scope=")
                .append(notificationScope.wireName());
        if (input.isCsv()) {
            // JSONL, the default, adds nothing: fingerprints of requests that predate CSV stay as they were.
            text.append("|format=csv|delimiter=").append((int) input.delimiter());
        }
        if (failureThreshold != null) {
            text.append("|threshold=").append(failureThreshold.fingerprint());
        }
        if (processingTimeout != null) {
            text.append("|timeout=").append(processingTimeout.toSeconds());
        }
        if (inputFileName != null) {
            text.append("|name=").append(inputFileName.length()).append(':').append(inputFileName);
        }
        new TreeMap<>(metadata)
                .forEach((k, v) -> text.append("|m:")
                        .append(k.length())
                        .append(':')
                        .append(k)
                        .append('=')
                        .append(v.length())
                        .append(':')
                        .append(v));
        return Hashing.sha256Hex(text.toString());
    }
}
