package dev.activitylog.it;

import dev.activitylog.log.boundary.ActivityLog;
import dev.activitylog.log.entity.NewEntry;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrentAccessTimeoutException;
import jakarta.ejb.EJB;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;

/** A test-only application EJB (container transaction) that appends and reports how a lock timeout reached it. */
@Stateless
public class TimeoutCaller {
    @EJB
    ActivityLog log;

    @Resource
    SessionContext context;

    /** "stored", or the exception's class and whether this bean's own transaction was doomed by it. */
    public String append(NewEntry entry) {
        try {
            log.append(entry);
            return "stored";
        } catch (ConcurrentAccessTimeoutException e) {
            return e.getClass().getName() + ", caller's transaction rollback-only: " + context.getRollbackOnly();
        }
    }
}
