package dev.batchjobs.wiring;

import java.util.function.Supplier;

/** A thread-safe supplier that builds its value once, on first use, and can tell whether it has. */
final class Memoized<T> implements Supplier<T> {
    private final Supplier<T> factory;
    private volatile T value;

    Memoized(Supplier<T> factory) {
        this.factory = factory;
    }

    @Override
    public T get() {
        T result = value;
        if (result == null) {
            synchronized (this) {
                result = value;
                if (result == null) {
                    result = factory.get();
                    value = result;
                }
            }
        }
        return result;
    }

    boolean isBuilt() {
        return value != null;
    }

    /** Closes the value if it was ever built (on shutdown: a failure to close leaves nothing to do). */
    void closeIfBuilt() {
        if (value instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                // closing on shutdown: nothing left to do with the failure
            }
        }
    }
}
