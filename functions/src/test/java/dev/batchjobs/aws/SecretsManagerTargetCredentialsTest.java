package dev.batchjobs.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.batchjobs.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

class SecretsManagerTargetCredentialsTest {
    private static final String ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:target-AbCdEf";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final List<String> reads = new ArrayList<>();
    private String stored = "Bearer sk_live_one";
    private RuntimeException failure;

    private final SecretsManagerClient client = new SecretsManagerClient() {
        @Override
        public GetSecretValueResponse getSecretValue(GetSecretValueRequest request) {
            reads.add(request.secretId());
            if (failure != null) {
                throw failure;
            }
            return GetSecretValueResponse.builder()
                    .arn(ARN)
                    .secretString(stored)
                    .build();
        }

        @Override
        public String serviceName() {
            return "secretsmanager";
        }

        @Override
        public void close() {}
    };

    private final SecretsManagerTargetCredentials credentials =
            new SecretsManagerTargetCredentials(client, ARN, clock, Duration.ofMinutes(5), Duration.ofSeconds(10));

    @Test
    void theSecretIsReadOnceAndCachedUntilItIsFiveMinutesOld() {
        assertThat(credentials.authorization()).contains("Bearer sk_live_one");
        stored = "Bearer sk_live_two";
        clock.advance(Duration.ofMinutes(4));
        assertThat(credentials.authorization()).contains("Bearer sk_live_one");

        clock.advance(Duration.ofMinutes(1));
        assertThat(credentials.authorization()).contains("Bearer sk_live_two");
        assertThat(reads).containsExactly(ARN, ARN);
    }

    @Test
    void aRefusedCredentialIsReadAgainAtMostOncePerInterval() {
        credentials.authorization();
        stored = "Bearer sk_live_two";
        credentials.refresh(); // a 401 right after the read: the value in hand is the newest
        assertThat(credentials.authorization()).contains("Bearer sk_live_one");

        clock.advance(Duration.ofSeconds(10));
        credentials.refresh();
        credentials.refresh();
        assertThat(credentials.authorization()).contains("Bearer sk_live_two");
        assertThat(credentials.authorization()).contains("Bearer sk_live_two");
        assertThat(reads).hasSize(2);
    }

    @Test
    void aFailedReadKeepsTheValueInHandButAFirstReadFailsLoudly() {
        failure = ResourceNotFoundException.builder().message("no such secret").build();
        assertThatThrownBy(credentials::authorization).isInstanceOf(ResourceNotFoundException.class);

        failure = null;
        credentials.authorization();
        failure = ResourceNotFoundException.builder().message("throttled").build();
        clock.advance(Duration.ofMinutes(6));
        assertThat(credentials.authorization()).contains("Bearer sk_live_one");
    }

    @Test
    void anEmptySecretSendsNoHeader() {
        stored = "";
        assertThat(credentials.authorization()).isEmpty();
    }
}
