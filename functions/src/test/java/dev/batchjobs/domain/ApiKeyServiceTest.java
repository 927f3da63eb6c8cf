package dev.batchjobs.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.batchjobs.testing.InMemoryApiKeyStore;
import dev.batchjobs.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApiKeyServiceTest {
    private final InMemoryApiKeyStore store = new InMemoryApiKeyStore();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final ApiKeyService keys = new ApiKeyService(store, clock);

    @Test
    void anIssuedKeyIsStoredOnlyAsItsHashWithItsLastFourCharacters() {
        IssuedApiKey test = keys.issue("acct_1", false);
        IssuedApiKey live = keys.issue("acct_1", true);

        assertThat(test.secret()).startsWith("sk_test_").hasSize("sk_test_".length() + 43);
        assertThat(live.secret()).startsWith("sk_live_");
        ApiKeyRecord stored = store.findByHash(Hashing.sha256Hex(test.secret())).orElseThrow();
        assertThat(stored).isEqualTo(test.record());
        assertThat(stored.livemode()).isFalse();
        assertThat(live.record().livemode()).isTrue();
        assertThat(stored.accountId()).isEqualTo("acct_1");
        assertThat(stored.created()).isEqualTo(clock.instant());
        assertThat(stored.isActive()).isTrue();
        assertThat(stored.last4())
                .isEqualTo(test.secret().substring(test.secret().length() - 4));
        assertThat(stored.keyId()).startsWith("key_");
        assertThat(stored.ownerId()).isNotEqualTo(live.record().ownerId());
    }

    @Test
    void anAccountIdIsOneToSixtyFourLettersDigitsUnderscoresOrDashes() {
        assertThat(keys.issue("a".repeat(64), false).record().accountId()).hasSize(64);
        assertThat(keys.issue("a_B-9", false).record().accountId()).isEqualTo("a_B-9");
        for (String bad : new String[] {"", "a".repeat(65), "acct 1", "acct/1"}) {
            assertThatThrownBy(() -> keys.issue(bad, false)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> keys.register(bad, "sk_test_" + "a".repeat(16)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("account id");
        }
        assertThat(store.list()).hasSize(2);
    }

    @Test
    void aKeyTheOperatorChoseAuthenticatesAsTheAccountAndMode() {
        keys.register("acct_1", "sk_test_" + "a".repeat(16));
        keys.register("acct_2", "sk_live_" + "b".repeat(128));

        Caller test = keys.authenticate(Optional.of("sk_test_" + "a".repeat(16)));
        assertThat(test.accountId()).isEqualTo("acct_1");
        assertThat(test.livemode()).isFalse();
        Caller live = keys.authenticate(Optional.of("sk_live_" + "b".repeat(128)));
        assertThat(live.accountId()).isEqualTo("acct_2");
        assertThat(live.livemode()).isTrue();
        assertThat(store.findByHash(Hashing.sha256Hex("sk_live_" + "b".repeat(128)))
                        .orElseThrow()
                        .last4())
                .isEqualTo("bbbb");
    }

    @Test
    void aChosenKeyIsSixteenToOneHundredTwentyEightLettersOrDigitsAfterItsPrefix() {
        for (String bad : new String[] {
            "sk_test_" + "a".repeat(15),
            "sk_test_" + "a".repeat(129),
            "sk_prod_" + "a".repeat(16),
            "sk_test_" + "a-b".repeat(6)
        }) {
            assertThatThrownBy(() -> keys.register("acct_1", bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("16 to 128");
        }
        assertThat(store.list()).isEmpty();
    }

    @Test
    void registeringTheSameKeyAgainKeepsTheRecordButAnotherAccountOrARevokedKeyGetsANewOne() {
        String secret = "sk_test_" + "c".repeat(20);
        IssuedApiKey first = keys.register("acct_1", secret);
        assertThat(keys.register("acct_1", secret).record()).isEqualTo(first.record());

        assertThatThrownBy(() -> keys.register("acct_2", secret)).isInstanceOf(IllegalStateException.class);

        keys.revoke(first.record().keyId());
        clock.advance(Duration.ofSeconds(5));
        IssuedApiKey again = keys.register("acct_1", secret);
        assertThat(again.record().keyId()).isNotEqualTo(first.record().keyId());
        assertThat(again.record().isActive()).isTrue();
        assertThat(again.record().created()).isEqualTo(clock.instant());
        assertThat(keys.authenticate(Optional.of(secret)).keyId())
                .isEqualTo(again.record().keyId());
    }

    @Test
    void aMissingBlankMalformedUnknownOrRevokedTokenIsRefusedWithItsCode() {
        IssuedApiKey issued = keys.issue("acct_1", false);
        assertThat(code(Optional.empty())).isEqualTo("api_key_missing");
        assertThat(code(Optional.of("  "))).isEqualTo("api_key_missing");
        assertThat(code(Optional.of("not-a-key"))).isEqualTo("api_key_invalid");
        assertThat(code(Optional.of("sk_test_" + "z".repeat(43)))).isEqualTo("api_key_invalid");

        assertThat(keys.revoke(issued.record().keyId())).isTrue();
        assertThat(code(Optional.of(issued.secret()))).isEqualTo("api_key_invalid");
        assertThat(keys.revoke("key_unknown")).isFalse();
    }

    @Test
    void theListingIsOldestFirstAndCanBeNarrowedToOneAccount() {
        IssuedApiKey a = keys.issue("acct_1", false);
        clock.advance(Duration.ofSeconds(1));
        IssuedApiKey b = keys.issue("acct_2", false);
        clock.advance(Duration.ofSeconds(1));
        IssuedApiKey c = keys.issue("acct_1", true);

        assertThat(keys.list(Optional.empty())).containsExactly(a.record(), b.record(), c.record());
        assertThat(keys.list(Optional.of("acct_1"))).containsExactly(a.record(), c.record());
        assertThat(keys.list(Optional.of("acct_3"))).isEmpty();
    }

    @Test
    void keysMadeInTheSameInstantAreListedByKeyId() {
        IssuedApiKey a = keys.issue("acct_1", false);
        IssuedApiKey b = keys.issue("acct_1", false);
        IssuedApiKey c = keys.issue("acct_1", false);
        assertThat(keys.list(Optional.empty()))
                .extracting(ApiKeyRecord::keyId)
                .isSorted()
                .containsExactlyInAnyOrder(
                        a.record().keyId(), b.record().keyId(), c.record().keyId());
    }

    private String code(Optional<String> token) {
        try {
            keys.authenticate(token);
        } catch (AuthenticationFailedException e) {
            return e.code();
        }
        throw new AssertionError("authenticated " + token);
    }
}
