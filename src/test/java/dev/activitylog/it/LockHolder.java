package dev.activitylog.it;

import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.InvocationContext;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Test deployments only: an interceptor bound to ActivityLogBean by the test's ejb-jar.xml. Interceptors run inside
 * the container's singleton lock, so an armed call holds its lock (READ or WRITE, the method's) until released.
 */
public class LockHolder {
    private record Hold(String method, AtomicBoolean taken, CountDownLatch entered, CountDownLatch release) {
    }

    private static final AtomicReference<Hold> ARMED = new AtomicReference<>();

    /** The next call of {@code method} holds its lock until {@link #release()}. */
    static void arm(String method) {
        ARMED.set(new Hold(method, new AtomicBoolean(), new CountDownLatch(1), new CountDownLatch(1)));
    }

    /** Waits until the armed call holds its lock. */
    static void awaitHeld() throws InterruptedException {
        if (!ARMED.get().entered().await(1, TimeUnit.MINUTES)) {
            throw new IllegalStateException("the armed call never came");
        }
    }

    static void release() {
        Hold h = ARMED.getAndSet(null);
        if (h != null) {
            h.release().countDown();
        }
    }

    @AroundInvoke
    public Object hold(InvocationContext ctx) throws Exception {
        Hold h = ARMED.get();
        if (h != null && h.method().equals(ctx.getMethod().getName()) && h.taken().compareAndSet(false, true)) {
            h.entered().countDown();
            if (!h.release().await(2, TimeUnit.MINUTES)) {
                throw new IllegalStateException("never released");
            }
        }
        return ctx.proceed();
    }
}
