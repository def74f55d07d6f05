package dev.activitylog.it;

import dev.activitylog.log.boundary.ContainerLock;
import jakarta.ejb.Timer;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.AroundTimeout;
import jakarta.interceptor.InvocationContext;

import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Test deployments only: an interceptor bound by the test's ejb-jar.xml ({@link #bind}) to {@link ContainerLock} and
 * to the bean that owns its maintenance timer. Interceptors run inside the container's singleton lock, so an armed
 * call of ContainerLock holds its lock (READ or WRITE, the method's) until released.
 * <p>
 * The maintenance timer is a writer the test does not control: a tick that comes while a call is held waits for the
 * WRITE lock (up to the 10 s access timeout), and both servers then queue every later READ behind it.
 * {@link #stopMaintenance()} takes it out of the way before a test holds anything.
 */
public class LockHolder {
    private record Hold(String method, AtomicBoolean taken, CountDownLatch entered, CountDownLatch release) {
    }

    private static final AtomicReference<Hold> ARMED = new AtomicReference<>();
    private static final AtomicBoolean STOP_TIMERS = new AtomicBoolean();
    private static final CountDownLatch TIMERS_STOPPED = new CountDownLatch(1);
    private static final AtomicInteger TICKS = new AtomicInteger();

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
     * Cancels the owning bean's timer (its one timer: maintenance, every 10 s) from inside its next tick, and waits for that
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

    /** How many maintenance ticks of this deployment have begun (counted before the tick's own work). */
    static int ticks() {
        return TICKS.get();
    }

    /**
     * The packaged ejb-jar.xml with this interceptor bound, and {@code concurrentMethods} ({@code <concurrent-method>}
     * elements) for ContainerLock.
     */
    static WebArchive bind(WebArchive war, String concurrentMethods) {
        String ejbJar;
        try (InputStream in = war.get("/WEB-INF/ejb-jar.xml").getAsset().openStream()) {
            ejbJar = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String beans = """
                <enterprise-beans>
                    <session>
                        <ejb-name>ContainerLock</ejb-name>%s
                    </session>
                </enterprise-beans>
                <interceptors>
                    <interceptor><interceptor-class>%s</interceptor-class></interceptor>
                </interceptors>
                <assembly-descriptor>
                    <interceptor-binding>
                        <ejb-name>ContainerLock</ejb-name>
                        <interceptor-class>%3$s</interceptor-class>
                    </interceptor-binding>
                    <interceptor-binding>
                        <ejb-name>ActivityLog</ejb-name>
                        <interceptor-class>%3$s</interceptor-class>
                    </interceptor-binding>
                """.formatted(concurrentMethods, LockHolder.class.getName(), LockHolder.class.getName());
        if (!ejbJar.contains("<assembly-descriptor>")) {
            throw new IllegalStateException("the packaged ejb-jar.xml changed shape: " + ejbJar);
        }
        war.delete("/WEB-INF/ejb-jar.xml");
        return war.addAsWebInfResource(new StringAsset(ejbJar.replace("<assembly-descriptor>", beans)), "ejb-jar.xml");
    }

    @AroundInvoke
    public Object hold(InvocationContext ctx) throws Exception {
        Hold h = ARMED.get();
        // Only ContainerLock's methods run inside the container lock (ActivityLog's append calls it from outside).
        if (h != null && ctx.getMethod().getDeclaringClass() == ContainerLock.class
                && h.method().equals(ctx.getMethod().getName()) && h.taken().compareAndSet(false, true)) {
            h.entered().countDown();
            if (!h.release().await(2, TimeUnit.MINUTES)) {
                throw new IllegalStateException("never released");
            }
        }
        return ctx.proceed();
    }

    @AroundTimeout
    public Object tick(InvocationContext ctx) throws Exception {
        TICKS.incrementAndGet();
        if (STOP_TIMERS.get()) {
            ((Timer) ctx.getTimer()).cancel();
            TIMERS_STOPPED.countDown();
        }
        return ctx.proceed();
    }
}
