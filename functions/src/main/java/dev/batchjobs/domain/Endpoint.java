package dev.batchjobs.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One entry of the endpoint registry: a path template with {@code :name} placeholders, the method,
 * and the Meteroid job type that jobs against it report (null when it has none).
 */
public record Endpoint(String path, HttpMethod httpMethod, String jobType) {
    private static final Pattern PLACEHOLDER = Pattern.compile(":([A-Za-z_][A-Za-z0-9_]*)");

    public Endpoint {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(httpMethod, "httpMethod");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("An endpoint path must start with '/': " + path);
        }
    }

    /** The placeholder names in path order, e.g. {@code [id]} for {@code /v1/customers/:id}. */
    public List<String> placeholders() {
        List<String> names = new ArrayList<>();
        Matcher matcher = PLACEHOLDER.matcher(path);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return List.copyOf(names);
    }

    public EndpointRef ref() {
        return new EndpointRef(path, httpMethod);
    }
}
