package dev.batchjobs.domain.target;

import java.net.URI;
import java.util.Objects;

/**
 * The API that jobs run against: operator configuration, never client input. Its credential is not here: the
 * worker reads it at run time ({@link TargetCredentials}) and {@link AuthorizingTargetClient} adds it.
 *
 * @param baseUrl                  e.g. {@code https://api.stripe.com}
 * @param encoding                 how parameters are sent
 * @param contextHeader            the header that carries a row's {@code context} ({@code Stripe-Account})
 * @param suppressionHeader        the header that asks the target not to send its own webhooks, sent with
 *                                 value {@code all} when a job's {@code notification_suppression.scope} is
 *                                 {@code all}
 */
public record Target(URI baseUrl, TargetEncoding encoding, String contextHeader, String suppressionHeader) {
    public Target {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(encoding, "encoding");
        Objects.requireNonNull(contextHeader, "contextHeader");
        Objects.requireNonNull(suppressionHeader, "suppressionHeader");
        String scheme = baseUrl.getScheme();
        if (!"https".equals(scheme) && !"http".equals(scheme)) {
            throw new IllegalArgumentException("A target's base URL must be http(s): " + baseUrl);
        }
    }

    @Override
    public String toString() {
        return "Target[" + baseUrl + ", " + encoding + "]";
    }
}
