package dev.activitylog.it.ear;

import dev.activitylog.audit.boundary.AuditSubject;
import dev.activitylog.audit.boundary.Audited;
import dev.activitylog.log.boundary.ActivityLog;
import dev.activitylog.log.entity.Entry;
import dev.activitylog.log.entity.EntryQuery;
import dev.activitylog.log.entity.NewEntry;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;

import java.util.List;
import java.util.Optional;

/**
 * A consumer in its own EJB module (orders.jar) of an EAR that also holds activity-log.war: the way another
 * application audits through the log. The business interface and the entity classes come from the api jar in the
 * EAR's lib/, the bean behind them from activity-log.war.
 * <p>
 * {@code @EJB} with the portable name, not a bare {@code @EJB} and not {@code @Inject}: Payara does not link an EJB
 * reference of another module to a bean packaged in a WAR ("Unresolved &lt;ejb-link&gt;: activity-log.war#..."), and
 * CDI only sees beans in archives this module can load classes from, which the WAR is not.
 */
@Stateless
public class OrderDesk {
    @EJB(lookup = "java:app/activity-log/ActivityLog!dev.activitylog.log.boundary.ActivityLog")
    ActivityLog log;

    @Resource
    SessionContext context;

    public Entry place(String customer, String orderId, String detail) {
        // ... store the order ...
        return log.append(NewEntry.of(customer, "order.place", "order/" + orderId, detail));
    }

    /** Audits the attempt, then the business operation fails and its transaction rolls back. */
    public Entry placeAndRollBack(String customer, String orderId) {
        Entry e = log.append(NewEntry.of(customer, "order.place.failed", "order/" + orderId, "payment refused"));
        context.setRollbackOnly();
        return e;
    }

    /** Audited by annotation: the interceptor and its binding come from the api jar in the EAR's lib/. */
    @Audited(action = "order.pay")
    public String pay(@AuditSubject String orderId) {
        // ... charge the customer ...
        return "paid " + orderId;
    }

    public Optional<Entry> find(long seq) {
        return log.read(seq);
    }

    public List<Entry> history(String customer) {
        return log.query(EntryQuery.newest(100).actor(customer)).entries();
    }

    public long entries() {
        return log.health().entries();
    }
}
