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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An application's startup bean appends during the deployment while the maintenance timer ticks
 * ({@link StartupAppender}): every append succeeds, none waits out the access timeout, and maintenance goes on after.
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
        assertTrue(StartupAppender.ticksSeen > 0, "no maintenance tick came while the startup bean appended");
        List<Entry> appended = List.copyOf(StartupAppender.APPENDED);
        assertTrue(appended.size() >= StartupAppender.AFTER_TICK, () -> appended.size() + " entries");
        Entry last = appended.get(appended.size() - 1);
        assertEquals(last, log.read(last.seq()).orElseThrow());

        int ticks = LockHolder.ticks();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (LockHolder.ticks() <= ticks + 1 && System.nanoTime() - deadline < 0) {
            Thread.sleep(100);
        }
        assertTrue(LockHolder.ticks() > ticks + 1, "maintenance stopped ticking");
        Entry after = log.append(NewEntry.of(StartupAppender.ACTOR, "startup.after", null, null));
        assertTrue(after.seq() > last.seq());
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
