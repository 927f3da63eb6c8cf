package dev.batchjobs.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchjobs.domain.AccountScope;
import dev.batchjobs.domain.BatchJob;
import dev.batchjobs.domain.JobConflictException;
import dev.batchjobs.domain.JobSpec;
import dev.batchjobs.domain.JobStatus;
import dev.batchjobs.domain.JobStore;
import dev.batchjobs.domain.events.EventQuery;
import dev.batchjobs.domain.events.EventStore;
import dev.batchjobs.domain.events.JobEvent;
import dev.batchjobs.domain.events.LifecycleEvents;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;

/**
 * Transitions raced for real, on threads released together: exactly one of the writers that saw the same job wins,
 * every other gets the typed conflict, and the loser leaves no trace (no event, no counter). Run on the fake and on
 * DynamoDB Local alike, like {@link JobStoreContract}.
 */
public abstract class JobStoreRaceContract {
    private static final int WRITERS = 6;

    protected MutableClock clock;
    protected JobStore store;
    private String account;

    protected abstract JobStore newStore(MutableClock clock);

    protected abstract EventStore eventStore();

    @BeforeEach
    void setUpStore() {
        clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
        store = newStore(clock);
        account = "acct_" + UUID.randomUUID().toString().replace("-", "");
    }

    @RepeatedTest(3)
    void ofWritersMakingTheSameMoveFromTheSameStatusExactlyOneWins() {
        BatchJob job = SampleJobs.withStatus(account, clock.instant(), JobStatus.IN_PROGRESS);
        store.create(job);
        BatchJob cancelling = job.moveTo(JobStatus.CANCELLING, clock.instant());
        List<Callable<BatchJob>> writers = new ArrayList<>();
        for (int i = 0; i < WRITERS; i++) {
            writers.add(() -> {
                store.update(job, cancelling);
                return cancelling;
            });
        }

        List<Race.Outcome<BatchJob>> outcomes = Race.run(writers);

        assertThat(outcomes).filteredOn(Race.Outcome::won).hasSize(1);
        assertThat(outcomes)
                .filteredOn(outcome -> !outcome.won())
                .allSatisfy(outcome -> assertThat(outcome.thrown()).isInstanceOf(JobConflictException.class));
        BatchJob stored = store.find(account, job.id()).orElseThrow();
        assertThat(stored.status()).isEqualTo(JobStatus.CANCELLING);
        assertThat(stored.version()).isEqualTo(job.version() + 1);
        assertThat(eventsOf(job))
                .filteredOn(event -> event.counts().status().equals("cancelling"))
                .hasSameSizeAs(LifecycleEvents.forTransition(job, cancelling));
    }

    /**
     * Two changes that keep the status (two updates of the job's rate and metadata): only the version tells them
     * apart, so exactly one must win, and the stored spec is the winner's whole, not a mix.
     */
    @RepeatedTest(3)
    void ofWritersChangingTheJobWithinOneStatusExactlyOneWins() {
        BatchJob job = SampleJobs.withStatus(account, clock.instant(), JobStatus.IN_PROGRESS);
        store.create(job);
        List<Callable<BatchJob>> writers = new ArrayList<>();
        for (int i = 0; i < WRITERS; i++) {
            JobSpec spec = job.spec();
            BatchJob changed = job.respecify(new JobSpec(
                    spec.endpoint(),
                    10 + i,
                    Map.of("writer", "w" + i),
                    spec.skipValidation(),
                    spec.notificationScope(),
                    spec.jobType(),
                    spec.failureThreshold()));
            writers.add(() -> {
                store.update(job, changed);
                return changed;
            });
        }

        List<Race.Outcome<BatchJob>> outcomes = Race.run(writers);

        List<Race.Outcome<BatchJob>> won =
                outcomes.stream().filter(Race.Outcome::won).toList();
        assertThat(won).hasSize(1);
        assertThat(outcomes)
                .filteredOn(outcome -> !outcome.won())
                .allSatisfy(outcome -> assertThat(outcome.thrown()).isInstanceOf(JobConflictException.class));
        BatchJob stored = store.find(account, job.id()).orElseThrow();
        assertThat(stored.version()).isEqualTo(job.version() + 1);
        assertThat(stored.spec().maximumRps())
                .isEqualTo(won.get(0).value().spec().maximumRps());
        assertThat(stored.spec().metadata()).isEqualTo(won.get(0).value().spec().metadata());
    }

    @RepeatedTest(3)
    void cancelRacingFinishEndsTheJobTheWayTheWinnerSaid() {
        BatchJob job = SampleJobs.withStatus(account, clock.instant(), JobStatus.IN_PROGRESS);
        store.create(job);
        BatchJob cancelling = job.cancel(clock.instant()).orElseThrow();
        BatchJob complete = job.finish(false, clock.instant());

        List<Race.Outcome<BatchJob>> outcomes = Race.run(
                () -> {
                    store.update(job, cancelling);
                    return cancelling;
                },
                () -> {
                    store.update(job, complete);
                    return complete;
                });

        List<Race.Outcome<BatchJob>> won =
                outcomes.stream().filter(Race.Outcome::won).toList();
        assertThat(won).hasSize(1);
        assertThat(outcomes.stream()
                        .filter(outcome -> !outcome.won())
                        .findFirst()
                        .orElseThrow()
                        .thrown())
                .isInstanceOf(JobConflictException.class)
                .satisfies(conflict -> assertThat(
                                ((JobConflictException) conflict).current().status())
                        .isEqualTo(won.get(0).value().status()));
        assertThat(store.find(account, job.id()).orElseThrow().status())
                .isEqualTo(won.get(0).value().status());
        BatchJob winner = won.get(0).value();
        List<String> statuses =
                eventsOf(job).stream().map(event -> event.counts().status()).toList();
        assertThat(statuses.stream().filter(winner.status().wireName()::equals))
                .hasSameSizeAs(LifecycleEvents.forTransition(job, winner));
        JobStatus lost = won.get(0).value() == cancelling ? JobStatus.COMPLETE : JobStatus.CANCELLING;
        assertThat(statuses).doesNotContain(lost.wireName());
    }

    private List<JobEvent> eventsOf(BatchJob job) {
        return eventStore()
                .list(AccountScope.test(account), new EventQuery(Optional.of(job.id()), 100, Optional.empty()))
                .events();
    }
}
