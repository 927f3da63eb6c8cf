package dev.batchjobs.domain.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookSignerTest {
    @Test
    void theHeaderIsStripesSchemeWithTheHmacOfTimestampDotPayload() {
        // Expected value computed independently: printf '%s' '1700000000.{"id":"evt_1"}' | openssl dgst -sha256 -hmac
        // whsec_test_secret
        String header = WebhookSigner.header(
                "{\"id\":\"evt_1\"}", List.of("whsec_test_secret"), Instant.ofEpochSecond(1_700_000_000));

        assertThat(header)
                .isEqualTo("t=1700000000,v1=248a374f50f943a28b0f6ab50faf9a7e7e29b710fa26df9fb1618b9bf8ea9c9a");
    }

    @Test
    void everyActiveSecretSignsSoAReceiverMidRotationAcceptsEither() {
        String header =
                WebhookSigner.header("{}", List.of("whsec_new", "whsec_old"), Instant.ofEpochSecond(1_700_000_000));

        assertThat(header.split(",")).hasSize(3);
        assertThat(header)
                .contains("v1=" + WebhookSigner.hmacHex("whsec_new", "1700000000.{}"))
                .contains("v1=" + WebhookSigner.hmacHex("whsec_old", "1700000000.{}"));
    }

    @Test
    void theSignatureChangesWithThePayload() {
        Instant at = Instant.ofEpochSecond(1_700_000_000);
        assertThat(WebhookSigner.header("{\"a\":1}", List.of("whsec_x"), at))
                .isNotEqualTo(WebhookSigner.header("{\"a\":2}", List.of("whsec_x"), at));
    }
}
