package dev.activitylog.it;

import dev.activitylog.log.boundary.ActivityLog;
import dev.activitylog.log.entity.Entry;
import dev.activitylog.log.entity.NewEntry;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Test deployments only: an application's startup bean that appends through the EJB inside the deployment, as
 * {@code activitylog.demo} and an application's own "started" entry do. It appends until a maintenance tick has
 * begun ({@link LockHolder} counts them) and {@value #AFTER_TICK} entries more, so its appends meet a tick that comes
 * while the deployment is still starting, or for 15 s where none comes; what it appended and the failure that stopped
 * it are kept for the test.
 * A failure is not rethrown: the test reports it, instead of a failed deployment.
 */
@Singleton
@Startup
@DependsOn("ActivityLog")
@TransactionManagement(TransactionManagementType.BEAN)
public class StartupAppender {
    static final String ACTOR = "startup-appender";
    static final int AFTER_TICK = 200;
    /** Ticks come every 10 s; on Payara perhaps not during the deployment. */
    private static final long MAX_NANOS = TimeUnit.SECONDS.toNanos(15);

    static final List<Entry> APPENDED = Collections.synchronizedList(new ArrayList<>());
    static volatile RuntimeException failure;
    static volatile int ticksSeen;

    @EJB
    ActivityLog log;

    @PostConstruct
    void appendDuringDeployment() {
        long deadline = System.nanoTime() + MAX_NANOS;
        int afterTick = 0;
        try {
            while (afterTick < AFTER_TICK && System.nanoTime() - deadline < 0) {
                APPENDED.add(log.append(NewEntry.of(ACTOR, "startup.append", "entry/" + APPENDED.size(), null)));
                if (LockHolder.ticks() > 0) {
                    afterTick++;
                }
            }
        } catch (RuntimeException e) {
            failure = e;
        }
        ticksSeen = LockHolder.ticks();
    }
}
