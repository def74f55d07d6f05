package dev.activitylog.it;

import dev.activitylog.audit.boundary.AuditRequest;
import dev.activitylog.audit.boundary.AuditSubject;
import dev.activitylog.audit.boundary.Audited;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;

import java.util.concurrent.atomic.AtomicInteger;

/** A test-only business EJB audited by annotation, as the README's first sample: no call to the log in it. */
@Stateless
public class AuditedOrders {
    /** Longer than an action may be (100 characters): the log refuses every entry of the methods that use it. */
    static final String REFUSED_ACTION = "order.this-action-name-is-longer-than-the-hundred-characters-an-action-may-have"
            + "-so-the-log-refuses-it";
    /** How often each method's body ran: what a required call that the log refused must not leave behind unseen. */
    static final AtomicInteger RUNS = new AtomicInteger();

    @Inject
    AuditRequest request;

    @Audited(action = "order.place")
    public String place(@AuditSubject String orderId) {
        RUNS.incrementAndGet();
        return "placed " + orderId;
    }

    @Audited(action = "order.refund")
    public void refund(@AuditSubject String orderId) {
        RUNS.incrementAndGet();
        throw new IllegalStateException("refund of " + orderId + " refused: already shipped");
    }

    /** The default action, AuditedOrders.ship, and the subject by parameter name. */
    @Audited(subject = "orderId")
    public void ship(String carrier, String orderId) {
        RUNS.incrementAndGet();
    }

    /** Ties the request's later entries to the caller's own id. */
    public void correlate(String id) {
        request.correlate(id);
    }

    @Audited(action = REFUSED_ACTION)
    public String bestEffort(@AuditSubject String orderId) {
        RUNS.incrementAndGet();
        return "done " + orderId;
    }

    @Audited(action = REFUSED_ACTION, required = true)
    public String mustBeRecorded(@AuditSubject String orderId) {
        RUNS.incrementAndGet();
        return "done " + orderId;
    }
}
