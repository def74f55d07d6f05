package dev.activitylog.log.boundary;

import dev.activitylog.log.config.Settings;
import dev.activitylog.log.control.LogConfig;
import dev.activitylog.log.control.Appended;
import dev.activitylog.log.control.LogEngine;
import dev.activitylog.log.entity.ClusterCursor;
import dev.activitylog.log.entity.ClusterPage;
import dev.activitylog.log.entity.ClusterVerifyReport;
import dev.activitylog.log.entity.Entry;
import dev.activitylog.log.entity.EntryQuery;
import dev.activitylog.log.entity.ExportSink;
import dev.activitylog.log.entity.Health;
import dev.activitylog.log.entity.Histogram;
import dev.activitylog.log.entity.InvalidEntryException;
import dev.activitylog.log.entity.LogState;
import dev.activitylog.log.entity.NewEntry;
import dev.activitylog.log.entity.Page;
import dev.activitylog.log.entity.SegmentInfo;
import dev.activitylog.log.entity.VerifyReport;
import dev.activitylog.metrics.boundary.ServerMetrics;
import dev.activitylog.metrics.control.MeterRecorder;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.ejb.ConcurrentAccessTimeoutException;
import jakarta.ejb.EJB;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.validation.Validator;
import jakarta.validation.executable.ExecutableType;
import jakarta.validation.executable.ValidateOnExecution;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What applications inject (EJB name {@code ActivityLog}): owns the one engine of this deployment (opened at
 * deployment, in the background if its recovery takes longer than {@link #DEPLOY_WAIT}; closed at undeploy), and sends every call that must be serialised or share a lock through {@link
 * ContainerLock}. What must not hold that lock happens here, outside it: waiting for the fsync that acknowledges an
 * append (so concurrent appenders share one, group commit), a whole-file verify (so appends go on), and health (a
 * probe must not get a 503 because maintenance or a long read holds the lock).
 * <p>
 * Bean-managed transactions with none started: the caller's transaction is suspended for every call, and the index
 * data source is not transactional, so the index commits on its own. An audit entry therefore survives the caller's
 * rollback: a log of what was attempted must not vanish with the attempt.
 */
// A singleton with bean-managed concurrency, not @Stateless: one instance serves every caller at once, with no
// instance pool to wait for. Pools are where the servers differ: WildFly waits up to 5 min for one of 32 stateless
// instances (on 2 cores), Payara 6 s for one of 32 and then throws an EJBException; the only wait left is the
// ContainerLock's @AccessTimeout, the same on both. The name is the JNDI contract of other modules
// (java:app/activity-log/ActivityLog!dev.activitylog.log.boundary.ActivityLog), whatever the class is called.
@Singleton(name = "ActivityLog")
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionManagement(TransactionManagementType.BEAN)
// Hibernate Validator's CDI extension picks the beans to validate with @WithAnnotations, which Weld checks on the
// class and its superclasses only: without an annotation here, the constraints declared on ActivityLog are never
// applied. IMPLICIT is the default; the veto rules still take the interface's configuration.
@ValidateOnExecution(type = ExecutableType.IMPLICIT)
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
public class ActivityLogBean implements ActivityLog {
    private static final Logger LOG = Logger.getLogger(ActivityLogBean.class.getName());
    /**
     * How long the deployment waits for the engine's open (a normal start takes well under a second): long enough
     * that deployments and tests find the log open, far under WildFly's deployment timeout (300 s), which a rebuild
     * of a long log would exceed. Past it the open goes on in the background and health says how far it is.
     */
    private static final Duration DEPLOY_WAIT = Duration.ofSeconds(30);

    /** Injected (not only looked up) so the container starts the pool before this bean and stops it after. */
    @Resource(lookup = Settings.DEFAULT_DATASOURCE)
    private DataSource embeddedIndex;

    /** The index writer thread comes from the container, which knows about it (context, shutdown). */
    @Resource
    private ManagedThreadFactory threads;

    @EJB
    ContainerLock lock;

    @EJB
    StartupGate gate;

    /** Reports a refused entry (EntryRefusals); append itself is not validated by the interceptor. */
    @Inject
    Validator validator;

    /** The metrics libraries' adapters this server could load (none, or the one whose library it offers). */
    @Inject
    @Any
    Instance<ServerMetrics> metricsAdapters;

    private LogEngine engine;
    private String node;
    private boolean sharedIndex;
    private MeterRecorder meters = MeterRecorder.NONE;

    @PostConstruct
    void start() {
        Settings settings = Settings.current();
        node = settings.node();
        sharedIndex = !settings.embeddedIndex();
        DataSource index = settings.embeddedIndex() ? embeddedIndex : lookup(settings.dataSource());
        LogConfig config = LogConfig.defaults(settings.directory())
                .withDurability(settings.durability())
                .withThreads(threads)
                .withCheckpoints(Settings.CHECKPOINT_EVERY, settings.checkpointKey())
                .withSegments(settings.segmentBytes(), settings.segmentAge())
                .withRetention(settings.retention())
                .withNode(settings.node())
                .withEmbeddedIndex(settings.embeddedIndex() ? Settings.embeddedIndexFile(settings.directory()) : null)
                .withMetrics(meters = ServerMetrics.first(metricsAdapters, this::healthIfStarted));
        engine = LogEngine.open(config, index, Duration.ofSeconds(ContainerLock.ACCESS_TIMEOUT_SECONDS));
        if (!engine.awaitStart(DEPLOY_WAIT)) {
            LOG.warning(() -> "activity log " + settings.directory() + " is still starting after "
                    + DEPLOY_WAIT.toSeconds() + " s (" + engine.health().progress() + "); it goes on in the"
                    + " background, health shows how far, and calls fail as unavailable (STARTING) until it is open");
            return;
        }
        Health h = engine.health();
        LOG.log(h.state() == LogState.AVAILABLE ? Level.INFO : Level.WARNING, () -> "activity log " + h.path()
                + " started " + h.state() + " (" + h.entries() + " entries, durability " + h.durability() + ", index "
                + settings.dataSource() + ", metrics " + meters + ")" + (h.cause() == null ? "" : ": " + h.cause()));
    }

    @PreDestroy
    void stop() {
        meters.close();
        try {
            engine.close();
        } catch (RuntimeException | LinkageError e) {
            // Payara logs an exception from @PreDestroy only at FINE ("ejbRemove exception"): say it loudly.
            LOG.log(Level.WARNING, "activity log did not close cleanly; the index is rebuilt from the file at the next start",
                    e);
            throw e;
        }
    }

    @Override
    public Entry append(NewEntry entry) {
        LogEngine e = started();
        Appended written;
        try {
            written = LockWaits.call(e, () -> lock.append(e, entry));
        } catch (InvalidEntryException refused) {
            throw EntryRefusals.of(validator, this, entry, refused);
        }
        written.awaitDurable();
        return written.entry();
    }

    @Override
    public Optional<Entry> read(long seq) {
        LogEngine e = started();
        return LockWaits.call(e, () -> lock.read(e, seq));
    }

    @Override
    public ClusterPage clusterQuery(EntryQuery query, String node, ClusterCursor before) {
        LogEngine e = started();
        return LockWaits.call(e, () -> lock.clusterQuery(e, query, node, before));
    }

    @Override
    public Optional<Entry> read(String node, long seq) {
        if (node.equals(this.node)) {
            return read(seq);
        }
        return started().cluster().read(node, seq);  // nothing of this node's files: no lock
    }

    @Override
    public Page query(EntryQuery query) {
        LogEngine e = started();
        return LockWaits.call(e, () -> lock.query(e, query));
    }

    @Override
    public Histogram histogram(EntryQuery query, int buckets) {
        return LockWaits.call(engine, () -> lock.histogram(engine, query, buckets));
    }

    /** Without the container's lock, as verify: a long export must not hold appends up. */
    @Override
    public void export(EntryQuery query, ExportSink sink) {
        started().export(query, sink);
    }

    @Override
    public Health health() {
        return engine.health();
    }

    @Override
    public String node() {
        return node;
    }

    @Override
    public boolean sharedIndex() {
        return sharedIndex;
    }

    @Override
    public List<SegmentInfo> segments() {
        return engine.segments();
    }

    @Override
    public VerifyReport verify() {
        return engine.verify();
    }

    @Override
    public Optional<ClusterVerifyReport> verifyCluster() {
        return started().cluster().verify();  // reads the index only: no lock
    }

    /**
     * Reopens an unavailable log and writes waiting index rows, under the WRITE lock. The tick calls the lock as a
     * business method, so the access timeout bounds its wait on both servers: Payara applies none to a timeout method
     * of a bean with container-managed locks, and its fair lock queued every later reader behind a tick that waited.
     * First it passes {@link StartupGate}, so that a tick during the deployment waits for the application's startup
     * beans without the lock, which they may need.
     */
    @Schedule(second = "*/" + LogConfig.MAINTENANCE_SECONDS, minute = "*", hour = "*", persistent = false, info = "activity-log maintenance")
    void maintain() {
        try {
            gate.pass();
            LockWaits.call(engine, () -> {
                lock.maintain(engine);
                return null;
            });
            // Retention after the lock is released: appends and reads go on while a segment is archived.
            for (String removed : engine.applyRetention()) {
                LOG.info(() -> "activity log retention removed " + removed);
            }
            engine.maintainOffsets();
        } catch (ConcurrentAccessTimeoutException e) {
            LOG.fine(() -> "activity log maintenance waited past the access timeout; the next tick tries again");
        } catch (RuntimeException e) {
            // A timeout method that throws is retried at once by the container; the next tick is retry enough.
            LOG.log(Level.WARNING, "activity log maintenance failed", e);
        }
    }

    /** For the gauges, which a scrape may read before the engine exists. */
    private Health healthIfStarted() {
        LogEngine e = engine;
        return e == null ? null : e.health();
    }

    /** The engine once its start has finished: the bounded wait for it happens before the container's lock. */
    private LogEngine started() {
        engine.awaitStarted();
        return engine;
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
