package dev.activitylog.log.boundary;

import dev.activitylog.log.control.LogEngine;
import jakarta.ejb.ConcurrentAccessTimeoutException;

import java.util.function.Supplier;

/**
 * Measures how long calls wait for {@link ContainerLock}'s lock, which the container takes before the method runs:
 * the caller notes when it asked ({@link #call}), the method that got the lock reports the wait ({@link #granted}).
 * A thread-local, because a local EJB call runs on the caller's thread and the methods' parameters are a contract
 * (ejb-jar.xml overrides name them). A wait that times out is reported by the caller, with its full length.
 */
final class LockWaits {
    private static final ThreadLocal<Long> ASKED = new ThreadLocal<>();

    private LockWaits() {
    }

    /** Runs {@code call}, which calls one ContainerLock method, noting when it asked for the lock. */
    static <T> T call(LogEngine engine, Supplier<T> call) {
        long asked = System.nanoTime();
        ASKED.set(asked);
        try {
            return call.get();
        } catch (ConcurrentAccessTimeoutException e) {
            engine.metrics().lockWaited(System.nanoTime() - asked);
            throw e;
        } finally {
            ASKED.remove();
        }
    }

    /** First thing in every ContainerLock method: the lock is granted, so the wait is over. */
    static void granted(LogEngine engine) {
        Long asked = ASKED.get();
        if (asked != null) {
            ASKED.remove();
            engine.metrics().lockWaited(System.nanoTime() - asked);
        }
    }
}
