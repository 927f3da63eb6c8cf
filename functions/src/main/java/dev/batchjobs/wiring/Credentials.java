package dev.batchjobs.wiring;

import dev.batchjobs.aws.SecretsManagerTargetCredentials;
import dev.batchjobs.domain.target.TargetCredentials;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** The two kinds of credentials the wiring chooses: the service's own AWS credentials, and the target's. */
final class Credentials {
    /** A worker reads the target's secret again after 5 minutes, or on a 401 (at most every 10 s). */
    private static final Duration TARGET_MAX_AGE = Duration.ofMinutes(5);

    private static final Duration TARGET_MIN_REFETCH = Duration.ofSeconds(10);

    private Credentials() {}

    /** The map's {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY} (and session token) when present, else the default chain. */
    static AwsCredentialsProvider aws(Map<String, String> environment) {
        String keyId = environment.get("AWS_ACCESS_KEY_ID");
        String secret = environment.get("AWS_SECRET_ACCESS_KEY");
        String token = environment.get("AWS_SESSION_TOKEN");
        if (keyId == null || secret == null) {
            return DefaultCredentialsProvider.builder().build();
        }
        return StaticCredentialsProvider.create(
                token == null
                        ? AwsBasicCredentials.create(keyId, secret)
                        : AwsSessionCredentials.create(keyId, secret, token));
    }

    /** The target's authorization, read from Secrets Manager when the template names a secret; none otherwise. */
    static TargetCredentials target(Optional<String> secretArn, Supplier<SecretsManagerClient> client, Clock clock) {
        return secretArn
                .<TargetCredentials>map(arn -> new SecretsManagerTargetCredentials(
                        client.get(), arn, clock, TARGET_MAX_AGE, TARGET_MIN_REFETCH))
                .orElse(TargetCredentials.NONE);
    }
}
