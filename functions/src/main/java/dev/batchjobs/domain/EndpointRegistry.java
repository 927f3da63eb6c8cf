package dev.batchjobs.domain;

import java.util.ArrayList;
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
    /**
     * Meteroid's {@code BatchJobType} values (its OpenAPI allows only these four): they name the resource a job
     * changes, whatever its input format, so a JSONL job on customers is a {@code CUSTOMER_CSV_IMPORT} too.
     */
    private static final String CUSTOMER_IMPORT = "CUSTOMER_CSV_IMPORT";

    private static final String SUBSCRIPTION_IMPORT = "SUBSCRIPTION_CSV_IMPORT";
    private static final String PLAN_MIGRATION = "SUBSCRIPTION_PLAN_MIGRATION";

    private final List<Endpoint> endpoints;

    public EndpointRegistry(List<Endpoint> endpoints) {
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("The endpoint registry is empty: no job could target anything");
        }
        this.endpoints = List.copyOf(endpoints);
    }

    /**
     * Stripe's batch endpoints in every spelling a client uses: the seeds' ({@code :id}, {@code :customer},
     * {@code :subscription}) and the paths in the typed endpoint enums of stripe-java 33.5.0-beta.1 and stripe-node
     * 22.7.0-beta.1 (account update, coupon create, subscription update and cancel as
     * {@code /v1/subscriptions/:subscription_exposed_id}). A job's placeholder names are the ones of the path it was
     * created with, and its rows' {@code path_params} use them.
     */
    public static EndpointRegistry stripeDefaults() {
        List<Endpoint> endpoints = new ArrayList<>();
        endpoints.add(new Endpoint("/v1/accounts/:account", HttpMethod.POST, null));
        endpoints.add(new Endpoint("/v1/coupons", HttpMethod.POST, null));
        for (String id : List.of(":id", ":customer")) {
            endpoints.add(new Endpoint("/v1/customers/" + id, HttpMethod.POST, CUSTOMER_IMPORT));
        }
        endpoints.add(new Endpoint("/v1/promotion_codes", HttpMethod.POST, null));
        for (String id : List.of(":id", ":promotion_code")) {
            endpoints.add(new Endpoint("/v1/promotion_codes/" + id, HttpMethod.POST, null));
        }
        for (String id : List.of(":id", ":subscription", ":subscription_exposed_id")) {
            endpoints.add(new Endpoint("/v1/subscriptions/" + id, HttpMethod.POST, SUBSCRIPTION_IMPORT));
            endpoints.add(new Endpoint("/v1/subscriptions/" + id, HttpMethod.DELETE, null));
        }
        for (String id : List.of(":id", ":subscription")) {
            endpoints.add(new Endpoint("/v1/subscriptions/" + id + "/migrate", HttpMethod.POST, PLAN_MIGRATION));
        }
        return new EndpointRegistry(endpoints);
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
