package dev.batchjobs.domain;

import java.util.Objects;

/** The endpoint a job targets, as the client named it ({@code /v1/customers/:customer}, post). */
public record EndpointRef(String path, HttpMethod httpMethod) {
    public EndpointRef {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(httpMethod, "httpMethod");
    }
}
