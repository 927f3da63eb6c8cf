package dev.batchjobs.domain;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Where API keys (as hashes) live. */
public interface ApiKeyStore {
    void put(ApiKeyRecord key);

    Optional<ApiKeyRecord> findByHash(String keyHash);

    Optional<ApiKeyRecord> findById(String keyId);

    /** Every stored key (an operator's listing: a full read of the table). */
    List<ApiKeyRecord> list();

    /** Marks the key revoked; returns false if there is no such key. */
    boolean revoke(String keyId, Instant at);
}
