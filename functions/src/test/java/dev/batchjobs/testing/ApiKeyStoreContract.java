package dev.batchjobs.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.batchjobs.domain.ApiKeyRecord;
import dev.batchjobs.domain.ApiKeyStore;
import dev.batchjobs.domain.Hashing;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link ApiKeyStore} must do; run against the fake and the DynamoDB adapter. */
public abstract class ApiKeyStoreContract {
    protected ApiKeyStore store;

    protected abstract ApiKeyStore newStore();

    @BeforeEach
    void setUpStore() {
        store = newStore();
    }

    @Test
    void aStoredKeyIsFoundByHashAndById() {
        ApiKeyRecord key = key("acct_a");
        store.put(key);

        assertThat(store.findByHash(key.keyHash())).contains(key);
        assertThat(store.findById(key.keyId())).contains(key);
        assertThat(store.findByHash("0".repeat(64))).isEmpty();
    }

    @Test
    void theListingHoldsEveryKeyWithItsLastFourAndRevocation() {
        ApiKeyRecord one = key("acct_a");
        ApiKeyRecord two = key("acct_b");
        store.put(one);
        store.put(two);
        store.revoke(two.keyId(), Instant.parse("2026-11-23T12:00:00Z"));

        assertThat(store.list()).contains(one).anySatisfy(k -> {
            assertThat(k.keyId()).isEqualTo(two.keyId());
            assertThat(k.last4()).isEqualTo(two.last4());
            assertThat(k.revokedAt()).isEqualTo(Instant.parse("2026-11-23T12:00:00Z"));
        });
    }

    @Test
    void revokingMarksTheKeyAndOnlyThatKey() {
        ApiKeyRecord revoked = key("acct_a");
        ApiKeyRecord kept = key("acct_a");
        store.put(revoked);
        store.put(kept);

        assertThat(store.revoke(revoked.keyId(), Instant.parse("2026-11-23T12:00:00Z")))
                .isTrue();

        assertThat(store.findByHash(revoked.keyHash()))
                .hasValueSatisfying(k -> assertThat(k.isActive()).isFalse());
        assertThat(store.findByHash(kept.keyHash()))
                .hasValueSatisfying(k -> assertThat(k.isActive()).isTrue());
        assertThat(store.revoke("key_doesnotexist", Instant.now())).isFalse();
    }

    @Test
    void aHashAlreadyOwnedByAnotherAccountIsNeverOverwritten() {
        ApiKeyRecord mine = key("acct_a");
        store.put(mine);
        ApiKeyRecord theft = new ApiKeyRecord(
                mine.keyHash(),
                "key_" + UUID.randomUUID().toString().substring(0, 8),
                "acct_b",
                false,
                UUID.randomUUID().toString(),
                Instant.now(),
                null);

        assertThatThrownBy(() -> store.put(theft)).isInstanceOf(RuntimeException.class);
        assertThat(store.findByHash(mine.keyHash())).contains(mine);
    }

    private static ApiKeyRecord key(String account) {
        String unique = UUID.randomUUID().toString().replace("-", "");
        return new ApiKeyRecord(
                Hashing.sha256Hex(unique),
                "key_" + unique.substring(0, 20),
                account,
                false,
                UUID.randomUUID().toString(),
                Instant.parse("2026-11-23T10:00:00Z"),
                null,
                unique.substring(0, 4));
    }
}
