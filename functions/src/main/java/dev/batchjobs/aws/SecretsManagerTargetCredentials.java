package dev.batchjobs.aws;

import dev.batchjobs.domain.target.TargetCredentials;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The target's Authorization header kept in AWS Secrets Manager: the secret's string is the header's whole value
 * (e.g. {@code Bearer sk_live_...}). Read on first use, cached for the container, read again once it is
 * {@code maxAge} old or when the target refuses it (at most once per {@code minRefetch}, however many requests in
 * flight saw the 401). A read that fails with a value in hand keeps the old value until the next try.
 */
public final class SecretsManagerTargetCredentials implements TargetCredentials {
    private final SecretsManagerClient client;
    private final String secretId;
    private final Clock clock;
    private final Duration maxAge;
    private final Duration minRefetch;

    private String value;
    private Instant readAt;
    private boolean stale;

    public SecretsManagerTargetCredentials(
            SecretsManagerClient client, String secretId, Clock clock, Duration maxAge, Duration minRefetch) {
        this.client = client;
        this.secretId = secretId;
        this.clock = clock;
        this.maxAge = maxAge;
        this.minRefetch = minRefetch;
    }

    @Override
    public synchronized Optional<String> authorization() {
        Instant now = clock.instant();
        if (value == null || stale || !now.isBefore(readAt.plus(maxAge))) {
            try {
                value = client.getSecretValue(b -> b.secretId(secretId)).secretString();
            } catch (RuntimeException e) {
                if (value == null) {
                    throw e;
                }
            }
            readAt = now;
            stale = false;
        }
        return Optional.ofNullable(value).filter(v -> !v.isBlank());
    }

    @Override
    public synchronized void refresh() {
        if (readAt != null && !clock.instant().isBefore(readAt.plus(minRefetch))) {
            stale = true;
        }
    }
}
