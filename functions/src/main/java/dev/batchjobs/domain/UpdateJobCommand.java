package dev.batchjobs.domain;

import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;

/**
 * A change to a job that has not ended: a new {@code maximum_rps}, and metadata keys to set or to remove (a key sent
 * with {@code null}), as Stripe's v2 updates treat metadata.
 */
public record UpdateJobCommand(OptionalInt maximumRps, Map<String, String> metadataSet, Set<String> metadataUnset) {
    public UpdateJobCommand {
        Objects.requireNonNull(maximumRps, "maximumRps");
        metadataSet = Map.copyOf(metadataSet);
        metadataUnset = Set.copyOf(metadataUnset);
    }

    /** The spec after this change. */
    JobSpec applyTo(JobSpec spec) {
        Map<String, String> metadata = new TreeMap<>(spec.metadata());
        metadata.keySet().removeAll(metadataUnset);
        metadata.putAll(metadataSet);
        return spec.withPaceAndMetadata(maximumRps.orElse(spec.maximumRps()), metadata);
    }
}
