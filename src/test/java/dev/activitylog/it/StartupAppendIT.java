package dev.activitylog.it;

import dev.activitylog.log.boundary.ActivityLog;
import dev.activitylog.log.entity.Entry;
import dev.activitylog.log.entity.NewEntry;
import jakarta.ejb.EJB;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An application's startup bean appends during the deployment while the maintenance timer ticks
 * ({@link StartupAppender}): every append succeeds, none waits out the access timeout, and maintenance goes on after.
 * On WildFly a tick during the deployment once took the WRITE lock and was then held by the container until the
 * startup beans had finished, while the startup bean's next append waited for that lock (StartupGate).
 */
@ExtendWith(ArquillianExtension.class)
class StartupAppendIT {
    @Deployment
    static WebArchive deployment() {
        return LockHolder.bind(Deployments.packagedWar(StartupAppendIT.class, StartupAppender.class, LockHolder.class), "");
    }

    @EJB
    ActivityLog log;

    @Test
    void appendsDuringTheDeploymentMeetATickAndAllSucceed() throws InterruptedException {
        RuntimeException failure = StartupAppender.failure;
        assertEquals(null, failure, () -> "an append during the deployment failed after " + StartupAppender.APPENDED.size()
                + " entries: " + stack(failure));
        // WildFly starts the bean's timer with the bean, so a tick always comes while the startup bean appends; on
        // Payara one may (it did in one of two runs) or may not.
        if (System.getProperty("jboss.home.dir") != null) {
            assertTrue(StartupAppender.ticksSeen > 0, "no maintenance tick began while the startup bean appended");
        }
        List<Entry> appended = List.copyOf(StartupAppender.APPENDED);
        assertTrue(appended.size() >= StartupAppender.AFTER_TICK, () -> appended.size() + " entries");
        Entry last = appended.get(appended.size() - 1);
        assertEquals(last, log.read(last.seq()).orElseThrow());

        // Neither server begins a tick while the previous one runs: a new one means the tick held back has finished.
        int ticks = LockHolder.ticks();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (LockHolder.ticks() == ticks && System.nanoTime() - deadline < 0) {
            Thread.sleep(100);
        }
        assertTrue(LockHolder.ticks() > ticks, "maintenance stopped ticking");
        Entry after = log.append(NewEntry.of(StartupAppender.ACTOR, "startup.after", null, null));
        assertTrue(after.seq() > last.seq(), after::toString);
    }

    private static String stack(Throwable t) {
        if (t == null) {
            return "";
        }
        StringWriter s = new StringWriter();
        t.printStackTrace(new PrintWriter(s));
        return s.toString();
    }
}
