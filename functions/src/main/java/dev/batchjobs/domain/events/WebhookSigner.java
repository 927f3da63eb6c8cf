package dev.batchjobs.domain.events;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stripe's webhook signature: {@code Stripe-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.payload">},
 * keyed with the whole secret ({@code whsec_…}) as UTF-8, one {@code v1} per active secret. Stripe's SDKs
 * verify it unchanged.
 */
public final class WebhookSigner {
    public static final String HEADER = "Stripe-Signature";

    private WebhookSigner() {}

    public static String header(String payload, List<String> secrets, Instant at) {
        long timestamp = at.getEpochSecond();
        StringBuilder header = new StringBuilder("t=").append(timestamp);
        for (String secret : secrets) {
            header.append(",v1=").append(hmacHex(secret, timestamp + "." + payload));
        }
        return header.toString();
    }

    static String hmacHex(String secret, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
