package dev.activitylog.demo.boundary;

import dev.activitylog.demo.control.DemoEntries;
import dev.activitylog.demo.control.DemoFill;
import dev.activitylog.log.boundary.ActivityLog;
import dev.activitylog.log.config.Settings;
import dev.activitylog.log.entity.Health;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * With {@code activitylog.demo=true}, fills a new log with {@link DemoEntries} at deployment, through the
 * {@link ActivityLog} EJB like any other caller (validation, the container lock, an acknowledged append each), before
 * the deployment counts as started. Off by default; a log with entries is left alone ({@link DemoFill}).
 */
@Singleton
@Startup
@DependsOn("ActivityLog")
// No transaction around the appends: the log never joins one anyway, and a few hundred appends must not run into
// a transaction timeout.
@TransactionManagement(TransactionManagementType.BEAN)
public class DemoData {
    private static final Logger LOG = Logger.getLogger(DemoData.class.getName());

    @EJB
    ActivityLog log;

    @PostConstruct
    void fill() {
        if (!Settings.current().demo()) {
            return;
        }
        Health health = log.health();
        try {
            int appended = DemoFill.fillIfEmpty(health, log::append, DemoEntries.generate(DemoEntries.SEED,
                    DemoEntries.COUNT));
            LOG.info(() -> appended > 0
                    ? "activitylog.demo: appended " + appended + " demo entries to the new log " + health.path()
                    : "activitylog.demo: no demo entries added: the log " + health.path() + " is " + health.state()
                    + " with " + health.entries() + " entries");
        } catch (RuntimeException e) {
            // Demo entries are no reason to fail the application's deployment.
            LOG.log(Level.WARNING, "activitylog.demo: the demo entries stopped part way; the log keeps those appended,"
                    + " and being no longer empty gets no more", e);
        }
    }
}
