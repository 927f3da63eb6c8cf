package dev.batchjobs.domain.target;

import java.time.Duration;

/**
 * Where the worker's loop waits: for a pacing delay, a retry's time, or a response, whichever comes first.
 * A response arriving calls {@link #wake()}. Tests substitute a waiter that moves a clock instead.
 */
public interface Waiter {
    void await(Duration atMost) throws InterruptedException;

    void wake();
}
