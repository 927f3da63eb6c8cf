package dev.batchjobs.domain;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How long a job may process, from its upload to its end: the deployment's default, and the most a job may ask for
 * with {@code processing_timeout} (Stripe's fixed 24 hours unless the operator raises the cap).
 *
 * @param standard what a job that does not ask gets
 * @param maximum the most a job may ask for; never below {@code standard}
 */
public record ProcessingTimeouts(Duration standard, Duration maximum) {
    /** Stripe's limit, and the deployment's default for both. */
    public static final Duration STRIPE = Duration.ofHours(24);

    /** The shortest a job may ask for: shorter would end most jobs before their first chunk. */
    public static final Duration MINIMUM = Duration.ofMinutes(1);

    public static final ProcessingTimeouts DEFAULT = new ProcessingTimeouts(STRIPE, STRIPE);

    public ProcessingTimeouts {
        Objects.requireNonNull(standard, "standard");
        Objects.requireNonNull(maximum, "maximum");
        if (standard.isNegative() || standard.isZero()) {
            throw new IllegalArgumentException("the default processing timeout must be positive, not " + standard);
        }
        if (maximum.compareTo(standard) < 0) {
            throw new IllegalArgumentException("the longest processing timeout a job may ask for (" + maximum
                    + ") is shorter than the default (" + standard + ")");
        }
    }

    /** The timeout of a job that asked for {@code requested} (or nothing); out of range is the client's error. */
    public Duration resolve(Optional<Duration> requested) {
        if (requested.isEmpty()) {
            return standard;
        }
        Duration asked = requested.get();
        if (asked.compareTo(MINIMUM) < 0 || asked.compareTo(maximum) > 0) {
            throw InvalidParameterException.invalid(
                    "processing_timeout",
                    "expected whole seconds from " + MINIMUM.toSeconds() + " to " + maximum.toSeconds()
                            + " (this deployment's cap), received " + asked.toSeconds());
        }
        return asked;
    }
}
