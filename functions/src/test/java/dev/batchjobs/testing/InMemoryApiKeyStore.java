package dev.batchjobs.testing;

import dev.batchjobs.domain.ApiKeyRecord;
import dev.batchjobs.domain.ApiKeyStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** {@link ApiKeyStore} in memory, for fast tests; {@code ApiKeyStoreContract} holds it to DynamoDB's semantics. */
public final class InMemoryApiKeyStore implements ApiKeyStore {
    private final Map<String, ApiKeyRecord> byHash = new ConcurrentHashMap<>();

    @Override
    public synchronized void put(ApiKeyRecord key) {
        ApiKeyRecord existing = byHash.get(key.keyHash());
        if (existing != null && !existing.accountId().equals(key.accountId())) {
            throw new IllegalStateException("That key belongs to another account");
        }
        byHash.put(key.keyHash(), key);
    }

    @Override
    public Optional<ApiKeyRecord> findByHash(String keyHash) {
        return Optional.ofNullable(byHash.get(keyHash));
    }

    @Override
    public List<ApiKeyRecord> list() {
        return List.copyOf(byHash.values());
    }

    @Override
    public Optional<ApiKeyRecord> findById(String keyId) {
        return byHash.values().stream().filter(k -> k.keyId().equals(keyId)).findFirst();
    }

    @Override
    public synchronized boolean revoke(String keyId, Instant at) {
        Optional<ApiKeyRecord> key = findById(keyId);
        key.ifPresent(k -> byHash.put(
                k.keyHash(),
                new ApiKeyRecord(
                        k.keyHash(),
                        k.keyId(),
                        k.accountId(),
                        k.livemode(),
                        k.ownerId(),
                        k.created(),
                        k.revokedAt() == null ? at : k.revokedAt(),
                        k.last4())));
        return key.isPresent();
    }
}
