package dev.batchjobs.domain.target;

import java.util.Optional;

/**
 * The credential the worker sends to the target as its Authorization header: a secret, read where the operator
 * keeps it (never from an environment variable), cached by the implementation.
 */
public interface TargetCredentials {
    /** No Authorization header at all. */
    TargetCredentials NONE = new TargetCredentials() {
        @Override
        public Optional<String> authorization() {
            return Optional.empty();
        }

        @Override
        public void refresh() {}
    };

    /** The header's value, if the target takes one; may read the secret store when the cached value is old. */
    Optional<String> authorization();

    /** The target refused the credential (401): it may have been rotated, so read it afresh before next use. */
    void refresh();
}
