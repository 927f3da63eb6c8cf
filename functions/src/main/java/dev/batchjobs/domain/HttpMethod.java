package dev.batchjobs.domain;

import java.util.Locale;
import java.util.Optional;

/** The methods a batch job may use against its target; the seeds allow no GET. */
public enum HttpMethod {
    POST,
    DELETE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<HttpMethod> fromWireName(String value) {
        for (HttpMethod method : values()) {
            if (method.wireName().equals(value)) {
                return Optional.of(method);
            }
        }
        return Optional.empty();
    }
}
