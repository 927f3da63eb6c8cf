package dev.batchjobs.domain.target;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * The API that jobs run against: operator configuration, never client input.
 *
 * @param baseUrl                  e.g. {@code https://api.stripe.com}
 * @param encoding                 how parameters are sent
 * @param authorization            the value of the Authorization header sent to the target, if any; a
 *                                 secret: never logged, never shown
 * @param contextHeader            the header that carries a row's {@code context} ({@code Stripe-Account})
 * @param suppressionHeader        the header that asks the target not to send its own webhooks, sent with
 *                                 value {@code all} when a job's {@code notification_suppression.scope} is
 *                                 {@code all}
 */
public record Target(
        URI baseUrl,
        TargetEncoding encoding,
        Optional<String> authorization,
        String contextHeader,
        String suppressionHeader) {
    public Target {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(encoding, "encoding");
        Objects.requireNonNull(authorization, "authorization");
        Objects.requireNonNull(contextHeader, "contextHeader");
        Objects.requireNonNull(suppressionHeader, "suppressionHeader");
        String scheme = baseUrl.getScheme();
        if (!"https".equals(scheme) && !"http".equals(scheme)) {
            throw new IllegalArgumentException("A target's base URL must be http(s): " + baseUrl);
        }
    }

    @Override
    public String toString() {
        return "Target[" + baseUrl + ", " + encoding + ", authorization=" + (authorization.isPresent() ? "***" : "none")
                + "]";
    }
}
