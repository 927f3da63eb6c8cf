package dev.batchjobs.domain.chunks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.batchjobs.domain.BatchJob;
import dev.batchjobs.domain.JobProgress;
import dev.batchjobs.domain.JobStatus;
import dev.batchjobs.testing.InMemoryJobStore;
import dev.batchjobs.testing.MutableClock;
import dev.batchjobs.testing.SampleJobs;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StatusWatchTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-03T10:00:00Z"));
    private final InMemoryJobStore jobs = new InMemoryJobStore(clock);
    /** A read thread that runs only when the test says so: the loop's calls never wait for it. */
    private final Queue<Runnable> pendingReads = new ArrayDeque<>();

    private final Executor heldReads = pendingReads::add;
    private BatchJob job;

    @BeforeEach
    void aJobInProgress() {
        job = SampleJobs.withStatus("acct_a", clock.instant(), JobStatus.IN_PROGRESS);
        jobs.create(job);
    }

    @Test
    void theLoopGoesOnWithWhatItKnewWhileTheReadIsOut() {
        StatusWatch watch = new StatusWatch(jobs, clock, heldReads, "acct_a", job.id(), 100);
        cancel();

        assertThat(watch.stopped()).isFalse();
        assertThat(pendingReads).hasSize(1);
        clock.advance(Duration.ofSeconds(3));
        assertThat(watch.stopped()).isFalse();
        assertThat(pendingReads).as("one read out at a time").hasSize(1);

        pendingReads.poll().run();
        assertThat(watch.stopped()).isTrue();
        assertThat(watch.paused()).isFalse();
    }

    @Test
    void aReadIsDueASecondAfterTheLastOneStarted() {
        StatusWatch watch = new StatusWatch(jobs, clock, heldReads, "acct_a", job.id(), 100);
        assertThat(watch.stopped()).isFalse();
        pendingReads.poll().run();
        clock.advance(Duration.ofMillis(400));
        assertThat(watch.stopped()).isFalse();
        assertThat(pendingReads).isEmpty();

        clock.advance(Duration.ofMillis(600));
        pause();
        assertThat(watch.stopped()).isFalse();
        pendingReads.poll().run();
        assertThat(watch.stopped()).isTrue();
        assertThat(watch.paused()).isTrue();
    }

    @Test
    void aNewMaximumRpsIsTakenWhenItsReadAnswers() {
        StatusWatch watch = new StatusWatch(jobs, clock, heldReads, "acct_a", job.id(), 100);
        BatchJob running = jobs.find("acct_a", job.id()).orElseThrow();
        jobs.update(running, running.respecify(running.spec().withPaceAndMetadata(7, Map.of())));

        watch.stopped();
        assertThat(watch.maximumRps()).isEqualTo(100);
        pendingReads.poll().run();
        watch.stopped();
        assertThat(watch.maximumRps()).isEqualTo(7);
    }

    @Test
    void withADirectExecutorTheAnswerIsInBeforeTheCallReturns() {
        StatusWatch watch = new StatusWatch(jobs, clock, Runnable::run, "acct_a", job.id(), 100);
        assertThat(watch.stopped()).isFalse();
        cancel();
        clock.advance(Duration.ofMillis(999));
        assertThat(watch.stopped()).as("not due yet").isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(watch.stopped()).isTrue();
    }

    @Test
    void aJobThatIsGoneStopsTheRun() {
        StatusWatch watch = new StatusWatch(jobs, clock, Runnable::run, "acct_a", "batchjob_gone", 100);
        assertThat(watch.stopped()).isTrue();
    }

    @Test
    void aReadThatFailedFailsTheRunAtTheNextCall() {
        AtomicInteger reads = new AtomicInteger();
        JobProgress failing = (JobProgress) Proxy.newProxyInstance(
                JobProgress.class.getClassLoader(), new Class<?>[] {JobProgress.class}, (proxy, method, args) -> {
                    if (method.getName().equals("find") && reads.incrementAndGet() == 2) {
                        throw new IllegalStateException("DynamoDB is unreachable");
                    }
                    try {
                        return method.invoke(jobs, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        StatusWatch watch = new StatusWatch(failing, clock, heldReads, "acct_a", job.id(), 100);
        watch.stopped();
        pendingReads.poll().run();
        assertThat(watch.stopped()).isFalse();
        clock.advance(Duration.ofSeconds(1));
        watch.stopped();
        pendingReads.poll().run();

        assertThatThrownBy(watch::stopped)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("DynamoDB is unreachable");
    }

    private void cancel() {
        BatchJob running = jobs.find("acct_a", job.id()).orElseThrow();
        jobs.update(running, running.moveTo(JobStatus.CANCELLING, clock.instant()));
    }

    private void pause() {
        BatchJob running = jobs.find("acct_a", job.id()).orElseThrow();
        jobs.update(running, running.moveTo(JobStatus.PAUSED, clock.instant()));
    }
}
