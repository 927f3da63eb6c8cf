package dev.batchjobs.domain.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.batchjobs.domain.AccountScope;
import dev.batchjobs.domain.Caller;
import dev.batchjobs.domain.InvalidParameterException;
import dev.batchjobs.domain.ResourceMissingException;
import dev.batchjobs.testing.FixedResolver;
import dev.batchjobs.testing.InMemoryDestinationStore;
import dev.batchjobs.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DestinationServiceTest {
    private static final String URL = "https://hooks.example.com/stripe";
    private final Caller caller = new Caller("acct_1", false, "key_1", "owner_1");
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00.123456Z"));
    private final InMemoryDestinationStore store = new InMemoryDestinationStore();
    private final DestinationService service =
            new DestinationService(store, new DestinationUrlPolicy(Set.of(), FixedResolver.standard()), clock);

    @Test
    void aCreatedDestinationIsEnabledAtVersionOneWithANewSecretAndTheTimeInMilliseconds() {
        EventDestination d = service.create(
                caller,
                new DestinationCommand(
                        Optional.of(URL),
                        Optional.of(List.of("*")),
                        Optional.of("Ledger"),
                        Optional.of("books"),
                        Optional.of(Map.of("team", "billing"))));
        Instant millis = Instant.parse("2026-01-01T00:00:00.123Z");
        assertThat(d.id()).startsWith("ed_");
        assertThat(d.accountId()).isEqualTo("acct_1");
        assertThat(d.livemode()).isFalse();
        assertThat(d.created()).isEqualTo(millis);
        assertThat(d.updated()).isEqualTo(millis);
        assertThat(d.name()).isEqualTo("Ledger");
        assertThat(d.description()).isEqualTo("books");
        assertThat(d.url()).isEqualTo(URL);
        assertThat(d.enabledEvents()).containsExactly("*");
        assertThat(d.metadata()).isEqualTo(Map.of("team", "billing"));
        assertThat(d.enabled()).isTrue();
        assertThat(d.secret()).startsWith("whsec_");
        assertThat(d.previousSecret()).isNull();
        assertThat(d.version()).isEqualTo(1);
        assertThat(service.retrieve(caller, d.id())).isEqualTo(d);
        assertThat(service.list(caller)).containsExactly(d);
    }

    @Test
    void createNeedsAUrlAndEventTypesAndLeavesOutWhatWasNotGiven() {
        assertThat(refused(() -> service.create(caller, command(Optional.empty(), Optional.of(List.of("*"))))))
                .extracting(InvalidParameterException::param, InvalidParameterException::code)
                .containsExactly("webhook_endpoint.url", InvalidParameterException.MISSING);
        assertThat(refused(() -> service.create(caller, command(Optional.of(URL), Optional.empty()))))
                .extracting(InvalidParameterException::param, InvalidParameterException::code)
                .containsExactly("enabled_events", InvalidParameterException.MISSING);
        EventDestination bare = service.create(caller, command(Optional.of(URL), Optional.of(List.of("*"))));
        assertThat(bare.name()).isNull();
        assertThat(bare.description()).isNull();
        assertThat(bare.metadata()).isEmpty();
    }

    @Test
    void theSeventeenthDestinationOfAnAccountIsRefusedButAnotherAccountOrModeMayStillCreate() {
        for (int i = 0; i < 16; i++) {
            create();
        }
        InvalidParameterException e = refused(this::create);
        assertThat(e.param()).isEqualTo("webhook_endpoint");
        assertThat(e.getMessage()).contains("at most 16");
        assertThat(store.list(caller.scope())).hasSize(16);
        Caller live = new Caller("acct_1", true, "key_2", "owner_1");
        assertThat(service.create(live, command(Optional.of(URL), Optional.of(List.of("*"))))
                        .livemode())
                .isTrue();
    }

    @Test
    void eventTypesAreOneToSixtyFourKnownPatternsWithoutRepeats() {
        assertThat(refused(() -> DestinationService.checkEvents(List.of())).getMessage())
                .contains("at least one");
        List<String> many = new ArrayList<>(Collections.nCopies(64, "*"));
        assertThat(refused(() -> DestinationService.checkEvents(List.of("*", "*")))
                        .getMessage())
                .contains("twice");
        assertThat(refused(() -> DestinationService.checkEvents(many)).getMessage())
                .contains("twice");
        many.add("*");
        assertThat(refused(() -> DestinationService.checkEvents(many)).getMessage())
                .contains("at most 64");
        assertThat(refused(() -> DestinationService.checkEvents(List.of("v2.core.batch_job.done")))
                        .getMessage())
                .contains("'v2.core.batch_job.done' matches no event type", LifecycleEvents.COMPLETED);
        DestinationService.checkEvents(List.of("v2.core.batch_job.*", LifecycleEvents.COMPLETED));
        DestinationService.checkEvents(List.copyOf(LifecycleEvents.TYPES));
    }

    @Test
    void aNameIsOneToAHundredCharactersAndADescriptionAtMostFiveThousand() {
        assertThat(withName("n".repeat(100)).name()).hasSize(100);
        assertThat(refused(() -> withName("n".repeat(101))).param()).isEqualTo("name");
        assertThat(refused(() -> withName(" ")).param()).isEqualTo("name");
        assertThat(withDescription("d".repeat(5000)).description()).hasSize(5000);
        assertThat(withDescription("").description()).isEmpty();
        assertThat(refused(() -> withDescription("d".repeat(5001))).param()).isEqualTo("description");
        assertThat(refused(() -> service.create(
                                caller,
                                new DestinationCommand(
                                        Optional.of(URL),
                                        Optional.of(List.of("*")),
                                        Optional.empty(),
                                        Optional.empty(),
                                        Optional.of(Map.of("k", "v".repeat(501))))))
                        .param())
                .isEqualTo("metadata[k]");
        assertThat(store.list(caller.scope())).hasSize(3);
    }

    @Test
    void anUpdateChangesOnlyWhatItGivesRaisesTheVersionAndChecksLikeCreate() {
        EventDestination d = create();
        clock.advance(Duration.ofSeconds(3));
        EventDestination updated = service.update(
                caller,
                d.id(),
                new DestinationCommand(
                        Optional.of("https://other.example.com/x"),
                        Optional.empty(),
                        Optional.of("New"),
                        Optional.empty(),
                        Optional.empty()));
        assertThat(updated.url()).isEqualTo("https://other.example.com/x");
        assertThat(updated.name()).isEqualTo("New");
        assertThat(updated.enabledEvents()).isEqualTo(d.enabledEvents());
        assertThat(updated.description()).isEqualTo(d.description());
        assertThat(updated.metadata()).isEqualTo(d.metadata());
        assertThat(updated.version()).isEqualTo(2);
        assertThat(updated.updated()).isEqualTo(d.created().plusSeconds(3));
        assertThat(updated.created()).isEqualTo(d.created());
        assertThat(service.retrieve(caller, d.id())).isEqualTo(updated);

        for (DestinationCommand bad : List.of(
                command(Optional.of("https://internal.example.com/"), Optional.empty()),
                command(Optional.empty(), Optional.of(List.of())),
                new DestinationCommand(
                        Optional.empty(), Optional.empty(), Optional.of(""), Optional.empty(), Optional.empty()),
                new DestinationCommand(
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.of("d".repeat(5001)),
                        Optional.empty()),
                new DestinationCommand(
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.of(Map.of("", "v"))))) {
            refused(() -> service.update(caller, d.id(), bad));
        }
        assertThat(service.retrieve(caller, d.id())).isEqualTo(updated);
    }

    @Test
    void disablingWritesOnceAndDisablingAgainChangesNothing() {
        EventDestination d = create();
        EventDestination off = service.enable(caller, d.id(), false);
        assertThat(off.enabled()).isFalse();
        assertThat(off.version()).isEqualTo(2);
        assertThat(service.enable(caller, d.id(), false)).isEqualTo(off);
        assertThat(service.retrieve(caller, d.id()).version()).isEqualTo(2);
        EventDestination on = service.enable(caller, d.id(), true);
        assertThat(on.enabled()).isTrue();
        assertThat(on.version()).isEqualTo(3);
        assertThat(service.enable(caller, d.id(), true)).isEqualTo(on);
    }

    @Test
    void rotatingKeepsTheOldSecretSigningForTheOverlapOfZeroToADay() {
        EventDestination d = create();
        EventDestination rotated = service.rotateSecret(caller, d.id(), Duration.ofHours(24));
        assertThat(rotated.secret()).isNotEqualTo(d.secret()).startsWith("whsec_");
        assertThat(rotated.previousSecret()).isEqualTo(d.secret());
        assertThat(rotated.previousSecretExpiresAt()).isEqualTo(d.created().plus(Duration.ofHours(24)));
        assertThat(service.rotateSecret(caller, d.id(), Duration.ZERO).previousSecretExpiresAt())
                .isEqualTo(d.created());

        InvalidParameterException tooLong = refused(
                () -> service.rotateSecret(caller, d.id(), Duration.ofHours(24).plusSeconds(1)));
        assertThat(tooLong.param()).isEqualTo("expire_previous_secret_in");
        assertThat(tooLong.getMessage()).contains("0 to 86400 seconds, received 86401");
        assertThat(refused(() -> service.rotateSecret(caller, d.id(), Duration.ofSeconds(-1)))
                        .getMessage())
                .contains("received -1");
    }

    @Test
    void anotherAccountsOrAMissingDestinationIsResourceMissingForEveryVerb() {
        EventDestination d = create();
        Caller other = new Caller("acct_2", false, "key_9", "owner_9");
        assertThatThrownBy(() -> service.retrieve(other, d.id())).isInstanceOf(ResourceMissingException.class);
        assertThatThrownBy(() -> service.enable(other, d.id(), false)).isInstanceOf(ResourceMissingException.class);
        assertThatThrownBy(() -> service.delete(other, d.id())).isInstanceOf(ResourceMissingException.class);
        assertThat(service.list(other)).isEmpty();
        service.delete(caller, d.id());
        assertThatThrownBy(() -> service.delete(caller, d.id()))
                .isInstanceOf(ResourceMissingException.class)
                .hasMessageContaining(d.id());
        assertThat(service.list(caller)).isEmpty();
    }

    @Test
    void aConcurrentChangeIsReadAgainAndReappliedAndGivesUpAfterFiveTries() {
        EventDestination d = create();
        AtomicInteger conflicts = new AtomicInteger(2);
        AtomicInteger updates = new AtomicInteger();
        DestinationService racing = new DestinationService(
                new DestinationStore() {
                    @Override
                    public void create(EventDestination destination) {
                        store.create(destination);
                    }

                    @Override
                    public Optional<EventDestination> find(AccountScope scope, String id) {
                        return store.find(scope, id);
                    }

                    @Override
                    public List<EventDestination> list(AccountScope scope) {
                        return store.list(scope);
                    }

                    @Override
                    public void update(EventDestination current, EventDestination next) {
                        updates.incrementAndGet();
                        if (conflicts.getAndDecrement() > 0) {
                            throw new DestinationConflictException(current.id());
                        }
                        store.update(current, next);
                    }

                    @Override
                    public boolean delete(AccountScope scope, String id) {
                        return store.delete(scope, id);
                    }
                },
                DestinationUrlPolicy.publicOnly(),
                clock);
        assertThat(racing.enable(caller, d.id(), false).enabled()).isFalse();
        assertThat(updates).hasValue(3);

        conflicts.set(Integer.MAX_VALUE);
        updates.set(0);
        assertThatThrownBy(() -> racing.enable(caller, d.id(), true))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("kept changing");
        assertThat(updates).hasValue(5);
    }

    private EventDestination create() {
        return service.create(caller, command(Optional.of(URL), Optional.of(List.of("*"))));
    }

    private EventDestination withName(String name) {
        return service.create(
                caller,
                new DestinationCommand(
                        Optional.of(URL),
                        Optional.of(List.of("*")),
                        Optional.of(name),
                        Optional.empty(),
                        Optional.empty()));
    }

    private EventDestination withDescription(String description) {
        return service.create(
                caller,
                new DestinationCommand(
                        Optional.of(URL),
                        Optional.of(List.of("*")),
                        Optional.empty(),
                        Optional.of(description),
                        Optional.empty()));
    }

    private static DestinationCommand command(Optional<String> url, Optional<List<String>> events) {
        return new DestinationCommand(url, events, Optional.empty(), Optional.empty(), Optional.empty());
    }

    private static InvalidParameterException refused(Runnable call) {
        InvalidParameterException e = catchThrowableOfType(InvalidParameterException.class, call::run);
        assertThat(e).as("refused").isNotNull();
        return e;
    }
}
