package dev.activitylog.it;

import jakarta.ejb.Timer;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.AroundTimeout;
import jakarta.interceptor.InvocationContext;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Test deployments only: an interceptor bound to ActivityLogBean by the test's ejb-jar.xml. Interceptors run inside
 * the container's singleton lock, so an armed call holds its lock (READ or WRITE, the method's) until released.
 * <p>
 * The bean's maintenance timer is a writer the test does not control: a tick that comes while a call is held waits
 * for the WRITE lock, and both servers then queue every later READ behind it (WildFly until the tick gives up after
 * the bean's 10 s access timeout, Payara for as long as the held call lasts: it applies no access timeout to a
 * timeout method). {@link #stopMaintenance()} takes it out of the way before a test holds anything.
 */
public class LockHolder {
    private record Hold(String method, AtomicBoolean taken, CountDownLatch entered, CountDownLatch release) {
    }

    private static final AtomicReference<Hold> ARMED = new AtomicReference<>();
    private static final AtomicBoolean STOP_TIMERS = new AtomicBoolean();
    private static final CountDownLatch TIMERS_STOPPED = new CountDownLatch(1);

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

    /**
     * Cancels the bean's timer (its one timer: maintenance, every 10 s) from inside its next tick, and waits for that
     * tick. A tick cancels only its own timer, and neither server starts a tick of a timer while its previous one
     * runs: once this returns, no tick is waiting or will come for this deployment. Returns at once after the first
     * call.
     */
    static void stopMaintenance() throws InterruptedException {
        STOP_TIMERS.set(true);
        if (!TIMERS_STOPPED.await(1, TimeUnit.MINUTES)) {
            throw new IllegalStateException("no maintenance tick came within a minute");
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

    @AroundTimeout
    public Object tick(InvocationContext ctx) throws Exception {
        if (STOP_TIMERS.get()) {
            ((Timer) ctx.getTimer()).cancel();
            TIMERS_STOPPED.countDown();
        }
        return ctx.proceed();
    }
}
