package dev.batchjobs.domain;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The endpoints that jobs may target: operator configuration, never client input. The default is
 * Stripe's batch-enabled endpoints, in both placeholder spellings the seeds use.
 */
public final class EndpointRegistry {
    private final List<Endpoint> endpoints;

    public EndpointRegistry(List<Endpoint> endpoints) {
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("The endpoint registry is empty: no job could target anything");
        }
        this.endpoints = List.copyOf(endpoints);
    }

    public static EndpointRegistry stripeDefaults() {
        return new EndpointRegistry(List.of(
                new Endpoint("/v1/customers/:id", HttpMethod.POST, "CUSTOMER_CSV_IMPORT"),
                new Endpoint("/v1/customers/:customer", HttpMethod.POST, "CUSTOMER_CSV_IMPORT"),
                new Endpoint("/v1/promotion_codes", HttpMethod.POST, null),
                new Endpoint("/v1/promotion_codes/:id", HttpMethod.POST, null),
                new Endpoint("/v1/promotion_codes/:promotion_code", HttpMethod.POST, null),
                new Endpoint("/v1/subscriptions/:id", HttpMethod.POST, "SUBSCRIPTION_CSV_IMPORT"),
                new Endpoint("/v1/subscriptions/:subscription", HttpMethod.POST, "SUBSCRIPTION_CSV_IMPORT"),
                new Endpoint("/v1/subscriptions/:id/migrate", HttpMethod.POST, "SUBSCRIPTION_PLAN_MIGRATION"),
                new Endpoint(
                        "/v1/subscriptions/:subscription/migrate", HttpMethod.POST, "SUBSCRIPTION_PLAN_MIGRATION")));
    }

    public Optional<Endpoint> find(EndpointRef ref) {
        return endpoints.stream()
                .filter(e -> e.path().equals(ref.path()) && e.httpMethod() == ref.httpMethod())
                .findFirst();
    }

    /** The Meteroid job types the registry's endpoints carry. */
    public Set<String> jobTypes() {
        return endpoints.stream()
                .map(Endpoint::jobType)
                .filter(Objects::nonNull)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    public List<Endpoint> endpoints() {
        return endpoints;
    }
}
