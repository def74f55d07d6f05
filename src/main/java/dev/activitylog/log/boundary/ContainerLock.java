package dev.activitylog.log.boundary;

import dev.activitylog.log.control.Appended;
import dev.activitylog.log.control.LogEngine;
import dev.activitylog.log.entity.ClusterCursor;
import dev.activitylog.log.entity.ClusterPage;
import dev.activitylog.log.entity.Entry;
import dev.activitylog.log.entity.EntryQuery;
import dev.activitylog.log.entity.Histogram;
import dev.activitylog.log.entity.NewEntry;
import dev.activitylog.log.entity.Page;
import jakarta.ejb.AccessTimeout;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;

import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The container's lock over the engine: appends and maintenance are serialised (WRITE), reads run in parallel
 * (READ), and a caller that waits longer than the access timeout gets a {@link
 * jakarta.ejb.ConcurrentAccessTimeoutException}. It holds no state: {@link ActivityLogBean} owns the engine and hands
 * it in, so what must not wait for this lock (health, verify, the fsync that acknowledges an append) simply does not
 * come here. The engine is thread-safe on its own; this lock keeps maintenance (reopen, index flush) and appends out
 * of each other's way and makes the exclusion visible to the platform and its settings.
 * <p>
 * {@code @AccessTimeout}: WildFly waits 5 s for a singleton lock by default, Payara forever; 10 s is explicit on both
 * and is far above an append's fsync. An ejb-jar.xml {@code <concurrent-method>} entry overrides it per method (the
 * README shows one). Each method first reports how long its caller waited for the lock ({@link LockWaits}).
 * Bean-managed transactions with none started: the index commits on its own.
 */
// Only ActivityLogBean calls this bean (the no-interface view of a WAR-internal class: other modules cannot see it).
// @Startup: created with the deployment, never by a first call during an undeploy (see StartupGate).
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.CONTAINER)
@TransactionManagement(TransactionManagementType.BEAN)
@AccessTimeout(value = ContainerLock.ACCESS_TIMEOUT_SECONDS, unit = TimeUnit.SECONDS)
public class ContainerLock {
    /** The longest a call waits for this lock; a call during the engine's start waits as long for the start. */
    static final long ACCESS_TIMEOUT_SECONDS = 10;

    /** Writes the entry; under GROUP or INTERVAL durability the caller waits for the fsync after this returns. */
    @Lock(LockType.WRITE)
    public Appended append(LogEngine engine, NewEntry entry) {
        LockWaits.granted(engine);
        return engine.appendNoWait(entry);
    }

    @Lock(LockType.READ)
    public Optional<Entry> read(LogEngine engine, long seq) {
        LockWaits.granted(engine);
        return engine.read(seq);
    }

    @Lock(LockType.READ)
    public Page query(LogEngine engine, EntryQuery query) {
        LockWaits.granted(engine);
        return engine.query(query);
    }

    @Lock(LockType.READ)
    public ClusterPage clusterQuery(LogEngine engine, EntryQuery query, String node, ClusterCursor before) {
        LockWaits.granted(engine);
        return engine.cluster().page(query, node, before);
    }

    /** Reopens an unavailable log and writes waiting index rows; WRITE, because the engine expects appends' exclusion. */
    @Lock(LockType.READ)
    public Histogram histogram(LogEngine engine, EntryQuery query, int buckets) {
        LockWaits.granted(engine);
        return engine.histogram(query, buckets);
    }

    @Lock(LockType.WRITE)
    public void maintain(LogEngine engine) {
        LockWaits.granted(engine);
        engine.maintain();
    }
}
