package dev.batchjobs.domain.target;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/** The production {@link Waiter}: sleeps until the time is up or a response wakes it. */
public final class SignalWaiter implements Waiter {
    private final Semaphore signals = new Semaphore(0);

    @Override
    public void await(Duration atMost) throws InterruptedException {
        if (signals.tryAcquire(atMost.toNanos(), TimeUnit.NANOSECONDS)) {
            signals.drainPermits();
        }
    }

    @Override
    public void wake() {
        signals.release();
    }
}
