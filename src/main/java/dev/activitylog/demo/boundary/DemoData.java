package dev.activitylog.demo.boundary;

import dev.activitylog.demo.control.DemoEntries;
import dev.activitylog.demo.control.DemoFill;
import dev.activitylog.log.boundary.ActivityLog;
import dev.activitylog.log.config.Settings;
import dev.activitylog.log.entity.Health;
import dev.activitylog.log.entity.NewEntry;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrentAccessTimeoutException;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.enterprise.concurrent.ManagedExecutorService;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * With {@code activitylog.demo=true}, fills a new log with {@link DemoEntries} once the application has started,
 * through the {@link ActivityLog} EJB like any other caller (validation, the container lock, an acknowledged append
 * each). Off by default; a log with entries is left alone ({@link DemoFill}).
 * <p>
 * In a task of the container's executor, not in {@code @PostConstruct}: on WildFly, appends made in it once met a
 * maintenance tick that held the container lock past the access timeout (after 32 entries), which failed the
 * deployment. The task lets the deployment finish and, when the lock is busy, waits for it again (a timed-out
 * append did nothing).
 */
@Singleton
@Startup
@DependsOn("ActivityLog")
@TransactionManagement(TransactionManagementType.BEAN)
public class DemoData {
    private static final Logger LOG = Logger.getLogger(DemoData.class.getName());
    /** Each waits the lock's access timeout (10 s). */
    private static final int ATTEMPTS = 6;

    @EJB
    ActivityLog log;

    @Resource
    ManagedExecutorService executor;

    @PostConstruct
    void start() {
        if (Settings.current().demo()) {
            executor.execute(this::fill);
        }
    }

    private void fill() {
        Health health = log.health();
        try {
            int appended = DemoFill.fillIfEmpty(health, this::append, DemoEntries.generate(DemoEntries.SEED,
                    DemoEntries.COUNT));
            LOG.info(() -> appended > 0
                    ? "activitylog.demo: appended " + appended + " demo entries to the new log " + health.path()
                    : "activitylog.demo: no demo entries added: the log " + health.path() + " is " + health.state()
                    + " with " + health.entries() + " entries");
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "activitylog.demo: the demo entries stopped part way; the log keeps those appended,"
                    + " and being no longer empty gets no more", e);
        }
    }

    private void append(NewEntry entry) {
        for (int attempt = 1; ; attempt++) {
            try {
                log.append(entry);
                return;
            } catch (ConcurrentAccessTimeoutException busy) {
                if (attempt == ATTEMPTS) {
                    throw busy;
                }
                LOG.fine(() -> "activitylog.demo: the log was busy; waiting for it again");
            }
        }
    }
}
