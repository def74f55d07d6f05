package dev.activitylog.it;

import dev.activitylog.log.boundary.ActivityLog;
import dev.activitylog.log.entity.Entry;
import dev.activitylog.log.entity.LogState;
import dev.activitylog.log.entity.Page;
import jakarta.ejb.EJB;
import jakarta.ejb.EJBException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An application EJB uses the log the way real code would: through the injected @Local interface, in-container. */
@ExtendWith(ArquillianExtension.class)
class ConsumerIT {

    @Deployment
    static WebArchive deployment() {
        return Deployments.packagedWar(ConsumerIT.class, AuditedService.class);
    }

    @EJB
    AuditedService service;

    @EJB
    ActivityLog log;

    @Test
    void entriesWrittenByAnotherEjbReadBackIntact() {
        assertEquals(LogState.AVAILABLE, log.health().state(), () -> "log not available: " + log.health().cause());
        String actor = "consumer-" + UUID.randomUUID();

        Entry created = service.record(actor, "order.create", "order/17", "total 12.50 EUR");
        Entry cancelled = service.record(actor, "order.cancel", "order/17", "customer asked\ttab and ünïcödé ✓\nnew line");

        assertTrue(cancelled.seq() > created.seq(), "later entry gets a higher sequence number");
        assertEquals(actor, created.actor());
        assertEquals("order.create", created.action());
        assertEquals("order/17", created.subject());
        assertEquals(created, service.read(created.seq()).orElseThrow());
        assertEquals(cancelled, service.read(cancelled.seq()).orElseThrow());

        Page mine = service.byActor(actor, 10);
        assertEquals(List.of(cancelled, created), mine.entries(), "newest first, only this actor");
        assertTrue(mine.corrupt().isEmpty());
    }

    @Test
    void absentOptionalFieldsReadBackAsEmptyStrings() {
        Entry e = service.record("consumer-" + UUID.randomUUID(), "user.login", null, null);
        Entry back = service.read(e.seq()).orElseThrow();
        assertEquals("", back.subject());
        assertEquals("", back.detail());
    }

    @Test
    void readingPastTheEndIsEmptyNotAnError() {
        long entries = service.entries();
        assertTrue(service.read(entries + 1_000).isEmpty());
        assertTrue(service.read(0).isEmpty());
    }

    @Test
    void blankActorIsRefusedWithAClearMessageAndNothingIsStored() {
        long before = service.entries();

        // Declared an application exception (WEB-INF/ejb-jar.xml): it arrives as itself, not inside an EJBException.
        ConstraintViolationException e = assertThrows(ConstraintViolationException.class,
                () -> service.record("   ", "order.create", "order/18", null));
        String messages = e.getConstraintViolations().stream().map(ConstraintViolation::getMessage)
                .collect(Collectors.joining("; "));
        assertEquals("actor is required", messages);

        assertEquals(before, service.entries(), "a refused entry must not be stored");
    }

    @Test
    void missingEntryIsRefused() {
        long before = service.entries();
        ConstraintViolationException e = assertThrows(ConstraintViolationException.class, () -> log.append(null));
        assertTrue(e.getMessage().contains("entry is required"), e.getMessage());
        assertEquals(before, service.entries());
    }

    @Test
    void anAuditEntrySurvivesTheCallersRollback() {
        String actor = "consumer-" + UUID.randomUUID();
        List<Entry> written;
        try {
            written = service.recordThenRollBack(actor, "payment.attempt", 260);
        } catch (EJBException ex) {
            throw new AssertionError("setRollbackOnly alone should not throw to the caller", ex);
        }
        for (Entry e : written) {
            assertEquals(e, service.read(e.seq()).orElseThrow(), "the log must not join the caller's transaction");
        }
        Page page = service.byActor(actor, 1_000);
        assertEquals(written.size(), page.entries().size());
        assertEquals(written.get(written.size() - 1), page.entries().get(0));
    }
}
