package dev.activitylog.log.boundary;

import dev.activitylog.log.config.Settings;
import dev.activitylog.log.control.LogConfig;
import dev.activitylog.log.control.Appended;
import dev.activitylog.log.control.LogEngine;
import dev.activitylog.log.entity.Entry;
import dev.activitylog.log.entity.EntryQuery;
import dev.activitylog.log.entity.Health;
import dev.activitylog.log.entity.LogState;
import dev.activitylog.log.entity.NewEntry;
import dev.activitylog.log.entity.Page;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.ejb.AccessTimeout;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one engine of this deployment behind the container's locks: appends and maintenance are serialised (WRITE),
 * reads run in parallel (READ). Applications reach it through {@link ActivityLogFacade}, which waits for durability
 * and verifies after the lock is released. The engine is thread-safe on its own; the container lock keeps maintenance (reopen,
 * index flush) and appends out of each other's way and makes the exclusion visible to the platform.
 * <p>
 * Bean-managed transactions with no transaction started: the caller's transaction is suspended for every call, and
 * the index data source is not transactional, so the index commits on its own. An audit entry therefore survives
 * the caller's rollback: a log of what was attempted must not vanish with the attempt.
 * <p>
 * {@code @AccessTimeout}: WildFly waits 5 s for a singleton lock by default, Payara forever; 10 s is explicit on both
 * and is far above an append's fsync. An ejb-jar.xml {@code <concurrent-method>} entry overrides it per method.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.CONTAINER)
@TransactionManagement(TransactionManagementType.BEAN)
@AccessTimeout(value = 10, unit = TimeUnit.SECONDS)
@DataSourceDefinition(
        name = Settings.DEFAULT_DATASOURCE,
        // No url: the class takes it from the configured log directory (annotation values must be constants).
        className = "dev.activitylog.log.config.EmbeddedIndexDataSource",
        // The engine commits itself; the index must never enlist in a caller's transaction.
        transactional = false,
        // IronJacamar insists on one connection property for a data source class (IJ031103).
        properties = "description=activity-log index (derived from the log file, rebuilt by recovery)",
        minPoolSize = 0,
        // Explicit, as the servers differ: IronJacamar's default is 20; Payara rejects the annotation's -1 ("PLEASE
        // UPDATE YOUR VALUE") and takes 32. Readers hold a connection only for one lookup.
        maxPoolSize = 20)
public class ActivityLogBean implements LogStore {
    private static final Logger LOG = Logger.getLogger(ActivityLogBean.class.getName());

    /** Injected (not only looked up) so the container starts the pool before this bean and stops it after. */
    @Resource(lookup = Settings.DEFAULT_DATASOURCE)
    private DataSource embeddedIndex;

    /** The index writer thread comes from the container, which knows about it (context, shutdown). */
    @Resource
    private ManagedThreadFactory threads;

    private LogEngine engine;

    @PostConstruct
    void start() {
        Settings settings = Settings.current();
        DataSource index = settings.embeddedIndex() ? embeddedIndex : lookup(settings.dataSource());
        LogConfig config = LogConfig.defaults(settings.directory())
                .withDurability(settings.durability())
                .withThreads(threads)
                .withCheckpoints(Settings.CHECKPOINT_EVERY, settings.checkpointKey())
                .withEmbeddedIndex(settings.embeddedIndex() ? Settings.embeddedIndexFile(settings.directory()) : null);
        engine = LogEngine.start(config, index);
        Health h = engine.health();
        LOG.log(h.state() == LogState.AVAILABLE ? Level.INFO : Level.WARNING, () -> "activity log " + h.path()
                + " started " + h.state() + " (" + h.entries() + " entries, durability " + h.durability() + ", index "
                + settings.dataSource() + ")" + (h.cause() == null ? "" : ": " + h.cause()));
    }

    @PreDestroy
    void stop() {
        try {
            engine.close();
        } catch (RuntimeException | LinkageError e) {
            // Payara logs an exception from @PreDestroy only at FINE ("ejbRemove exception"): say it loudly.
            LOG.log(Level.WARNING, "activity log did not close cleanly; the index is rebuilt from the file at the next start",
                    e);
            throw e;
        }
    }

    /** WRITE: one append at a time; under GROUP durability the fsync wait happens after the lock is released. */
    @Override
    @Lock(LockType.WRITE)
    public Appended append(NewEntry entry) {
        return engine.appendNoWait(entry);
    }

    @Override
    @Lock(LockType.READ)
    public Optional<Entry> read(long seq) {
        return engine.read(seq);
    }

    @Override
    @Lock(LockType.READ)
    public Page query(EntryQuery query) {
        return engine.query(query);
    }

    @Override
    @Lock(LockType.READ)
    public Health health() {
        return engine.health();
    }

    /** READ and brief: the caller uses the engine after the lock is released. */
    @Override
    @Lock(LockType.READ)
    public LogEngine engine() {
        return engine;
    }

    /** Reopens an unavailable log and writes waiting index rows; WRITE, because the engine expects appends' exclusion. */
    @Schedule(second = "*/10", minute = "*", hour = "*", persistent = false, info = "activity-log maintenance")
    @Lock(LockType.WRITE)
    void maintain() {
        try {
            engine.maintain();
        } catch (RuntimeException e) {
            // A timeout method that throws is retried at once by the container; the next tick is retry enough.
            LOG.log(Level.WARNING, "activity log maintenance failed", e);
        }
    }

    private static DataSource lookup(String name) {
        try {
            return InitialContext.doLookup(name);
        } catch (NamingException | ClassCastException e) {
            throw new IllegalStateException("activitylog.datasource names '" + name
                    + "', but no DataSource is bound there: " + e, e);
        }
    }
}
