package dev.activitylog.log.boundary;

import dev.activitylog.log.control.Appended;
import dev.activitylog.log.control.LogEngine;
import dev.activitylog.log.entity.Entry;
import dev.activitylog.log.entity.EntryQuery;
import dev.activitylog.log.entity.Health;
import dev.activitylog.log.entity.NewEntry;
import dev.activitylog.log.entity.Page;
import dev.activitylog.log.entity.VerifyReport;
import jakarta.ejb.EJB;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.validation.executable.ExecutableType;
import jakarta.validation.executable.ValidateOnExecution;

import java.util.Optional;

/**
 * What applications inject. Every call goes through the singleton {@link ActivityLogBean} and its container locks;
 * the two things that must not hold those locks happen here, after the locked call returned: waiting for the fsync
 * that acknowledges an append (so concurrent appenders share one, group commit), and a whole-file verify (so appends
 * do not wait for it).
 * <p>
 * Bean-managed transactions with none started: the caller's transaction is suspended, and an entry stays recorded
 * even if the caller's transaction rolls back.
 */
// A singleton with bean-managed concurrency, not @Stateless: it holds no state, so one instance serves every caller at
// once, with no instance pool to wait for. Pools are where the servers differ: WildFly waits up to 5 min for one of
// 32 stateless instances (on 2 cores), Payara 6 s for one of 32 and then throws an EJBException; the only wait left is
// the store's @AccessTimeout, the same on both. The name is the JNDI contract of other modules
// (java:app/activity-log/ActivityLog!dev.activitylog.log.boundary.ActivityLog), whatever the class is called.
@Singleton(name = "ActivityLog")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionManagement(TransactionManagementType.BEAN)
// Hibernate Validator's CDI extension picks the beans to validate with @WithAnnotations, which Weld checks on the
// class and its superclasses only: without an annotation here, the constraints declared on ActivityLog are never
// applied. IMPLICIT is the default; the veto rules still take the interface's configuration.
@ValidateOnExecution(type = ExecutableType.IMPLICIT)
public class ActivityLogFacade implements ActivityLog {
    @EJB
    LogStore store;

    @Override
    public Entry append(NewEntry entry) {
        Appended written = store.append(entry);
        written.awaitDurable();
        return written.entry();
    }

    @Override
    public Optional<Entry> read(long seq) {
        return store.read(seq);
    }

    @Override
    public Page query(EntryQuery query) {
        return store.query(query);
    }

    @Override
    public Health health() {
        return store.health();
    }

    @Override
    public VerifyReport verify() {
        return store.engine().verify();
    }
}
