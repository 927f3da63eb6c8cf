package dev.batchjobs.domain;

import java.time.Instant;
import java.util.Optional;

/** Where API keys (as hashes) live. */
public interface ApiKeyStore {
    void put(ApiKeyRecord key);

    Optional<ApiKeyRecord> findByHash(String keyHash);

    Optional<ApiKeyRecord> findById(String keyId);

    /** Marks the key revoked; returns false if there is no such key. */
    boolean revoke(String keyId, Instant at);
}
