package dev.batchjobs.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.batchjobs.domain.AccountScope;
import dev.batchjobs.domain.events.DestinationConflictException;
import dev.batchjobs.domain.events.DestinationStore;
import dev.batchjobs.domain.events.EventDestination;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link DestinationStore} must do; run against the in-memory fake and DynamoDB alike. */
public abstract class DestinationStoreContract {
    protected DestinationStore store;
    private String account;
    private Instant now = Instant.parse("2026-11-23T10:00:00Z");

    protected abstract DestinationStore newStore();

    @BeforeEach
    void setUpStore() {
        store = newStore();
        account = "acct_" + UUID.randomUUID().toString().replace("-", "");
    }

    private EventDestination destination(String accountId) {
        now = now.plusMillis(1);
        return new EventDestination(
                "ed_" + UUID.randomUUID().toString().replace("-", ""),
                accountId,
                false,
                now,
                now,
                "name",
                null,
                "https://hooks.example.com/x",
                List.of("v2.core.batch_job.*"),
                Map.of("team", "billing"),
                true,
                "whsec_secret",
                null,
                null,
                1);
    }

    @Test
    void aDestinationIsFoundOnlyByItsAccountWithEveryField() {
        EventDestination created = destination(account);
        store.create(created);

        assertThat(store.find(AccountScope.test(account), created.id())).hasValueSatisfying(found -> {
            assertThat(found).usingRecursiveComparison().isEqualTo(created);
        });
        assertThat(store.find(AccountScope.test("acct_other"), created.id())).isEmpty();
        assertThat(store.find(AccountScope.test(account), "ed_missing")).isEmpty();
    }

    @Test
    void anAccountListsItsOwnDestinationsNewestFirst() {
        EventDestination first = destination(account);
        EventDestination second = destination(account);
        store.create(first);
        store.create(second);
        store.create(destination("acct_other_" + UUID.randomUUID()));

        assertThat(store.list(AccountScope.test(account)))
                .extracting(EventDestination::id)
                .containsExactly(second.id(), first.id());
    }

    @Test
    void anUpdateAppliesOnlyFromTheVersionItRead() {
        EventDestination created = destination(account);
        store.create(created);
        EventDestination disabled =
                created.with("name", null, created.url(), created.enabledEvents(), created.metadata(), false, now);
        EventDestination rotated = created.withSecret("whsec_new", now.plus(Duration.ofHours(1)), now);

        store.update(created, disabled);
        assertThatThrownBy(() -> store.update(created, rotated)).isInstanceOf(DestinationConflictException.class);

        EventDestination stored =
                store.find(AccountScope.test(account), created.id()).orElseThrow();
        assertThat(stored.enabled()).isFalse();
        assertThat(stored.secret()).isEqualTo("whsec_secret");

        EventDestination rotatedNow = stored.withSecret("whsec_new", now.plus(Duration.ofHours(1)), now);
        store.update(stored, rotatedNow);
        assertThat(store.find(AccountScope.test(account), created.id())).hasValueSatisfying(d -> {
            assertThat(d.secret()).isEqualTo("whsec_new");
            assertThat(d.previousSecret()).isEqualTo("whsec_secret");
            assertThat(d.previousSecretExpiresAt()).isEqualTo(now.plus(Duration.ofHours(1)));
        });
    }

    @Test
    void onlyTheOwningAccountCanDelete() {
        EventDestination created = destination(account);
        store.create(created);

        assertThat(store.delete(AccountScope.test("acct_other"), created.id())).isFalse();
        assertThat(store.find(AccountScope.test(account), created.id())).isPresent();
        assertThat(store.delete(AccountScope.test(account), created.id())).isTrue();
        assertThat(store.find(AccountScope.test(account), created.id())).isEmpty();
        assertThat(store.delete(AccountScope.test(account), created.id())).isFalse();
    }

    @Test
    void aDestinationOfOneModeIsInvisibleToTheOtherModeOfItsAccount() {
        EventDestination test = destination(account);
        EventDestination live = new EventDestination(
                "ed_" + UUID.randomUUID().toString().replace("-", ""),
                account,
                true,
                now,
                now,
                "live",
                null,
                "https://hooks.example.com/live",
                List.of("v2.core.batch_job.*"),
                Map.of(),
                true,
                "whsec_live",
                null,
                null,
                1);
        store.create(test);
        store.create(live);

        assertThat(store.find(AccountScope.live(account), live.id())).contains(live);
        assertThat(store.find(AccountScope.test(account), live.id())).isEmpty();
        assertThat(store.find(AccountScope.live(account), test.id())).isEmpty();
        assertThat(store.list(AccountScope.live(account)))
                .extracting(EventDestination::id)
                .containsExactly(live.id());
        assertThat(store.list(AccountScope.test(account)))
                .extracting(EventDestination::id)
                .containsExactly(test.id());
        assertThat(store.delete(AccountScope.test(account), live.id())).isFalse();
        assertThat(store.find(AccountScope.live(account), live.id())).isPresent();
        assertThat(store.delete(AccountScope.live(account), live.id())).isTrue();
        assertThat(store.find(AccountScope.live(account), live.id())).isEmpty();
    }
}
