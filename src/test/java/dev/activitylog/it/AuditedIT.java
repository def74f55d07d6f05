package dev.activitylog.it;

import dev.activitylog.audit.entity.AuditFailedException;
import dev.activitylog.log.boundary.ActivityLog;
import dev.activitylog.log.entity.Entry;
import dev.activitylog.log.entity.EntryQuery;
import jakarta.ejb.EJB;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.transaction.Status;
import jakarta.transaction.UserTransaction;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.naming.InitialContext;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code @Audited} in the container: an annotated EJB called from an authenticated HTTP request records the caller,
 * SUCCESS or the failure's type, the {@code traceparent}'s trace id and the client's address; a CDI bean's method
 * too; and what a log that refuses the entry does to a call, with and without {@code required}.
 */
@ExtendWith(ArquillianExtension.class)
class AuditedIT {
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

    @Deployment
    static WebArchive deployment() {
        return Deployments.packagedWar(AuditedIT.class, AuditedOrders.class, AuditedResource.class, Http.class);
    }

    @EJB
    AuditedOrders orders;

    @EJB
    ActivityLog log;

    /** The entries of one correlation id, newest first, as the API serves them. */
    private static JsonArray correlated(String id) {
        return Http.getJson("api/entries?correlation=" + id).getJsonArray("entries");
    }

    @Test
    @RunAsClient
    void aCallFromAnAuthenticatedRequestRecordsWhoWhatHowWhereAndTheTrace() {
        String trace = Http.newTraceId();
        HttpResponse<String> placed = Http.traced("api/it/audited/place", "order=o-1", trace);
        assertEquals(200, placed.statusCode(), placed::body);
        assertEquals("placed o-1", placed.body());

        JsonArray entries = correlated(trace);
        assertEquals(1, entries.size(), entries::toString);
        JsonObject e = entries.getJsonObject(0);
        assertEquals(Http.ADMIN_USER, e.getString("actor"), "the caller principal");
        assertEquals("order.place", e.getString("action"));
        assertEquals("o-1", e.getString("subject"), "the @AuditSubject parameter");
        assertEquals("SUCCESS", e.getString("outcome"));
        assertEquals(trace, e.getString("correlation"), "the traceparent's trace id");
        assertTrue(e.getString("origin").matches("127\\.0\\.0\\.1 \\S+"), () -> "client address and node: " + e);
        assertTrue(e.getJsonObject("attributes").getString("duration_ms").matches("\\d+\\.\\d{3}"), e::toString);
    }

    @Test
    @RunAsClient
    void aCallThatThrowsIsRecordedAsAFailureOfItsType() {
        String trace = Http.newTraceId();
        HttpResponse<String> refund = Http.traced("api/it/audited/refund", "order=o-2", trace);
        assertEquals(409, refund.statusCode(), refund::body);
        JsonObject e = correlated(trace).getJsonObject(0);
        assertEquals("FAILURE:java.lang.IllegalStateException", e.getString("outcome"), e::toString);
        assertEquals("refund of o-2 refused: already shipped", e.getString("detail"));
        assertEquals(Http.ADMIN_USER, e.getString("actor"));
    }

    @Test
    @RunAsClient
    void withoutATraceTheRequestIdOrTheCallersIdCorrelates() {
        String requestId = "req-" + UUID.randomUUID();
        assertEquals(200, Http.post("api/it/audited/look", "order=o-3", "X-Request-ID", requestId).statusCode());
        JsonObject looked = correlated(requestId).getJsonObject(0);
        assertEquals("order.look", looked.getString("action"), "a CDI bean's method, audited as an EJB's");
        assertEquals("o-3", looked.getString("subject"));
        assertEquals(Http.ADMIN_USER, looked.getString("actor"));

        String given = "batch-" + UUID.randomUUID();
        assertEquals(200, Http.post("api/it/audited/place", "order=o-4&correlate=" + given).statusCode());
        assertEquals("o-4", correlated(given).getJsonObject(0).getString("subject"));
    }

    @Test
    void withoutAPrincipalTheActorIsAnonymousAndOneRequestSharesOneGeneratedId() {
        orders.place("o-5");
        orders.ship("DHL", "o-6");
        List<Entry> newest = log.query(EntryQuery.newest(2)).entries();
        Entry ship = newest.get(0);
        Entry place = newest.get(1);
        assertEquals(List.of("AuditedOrders.ship", "o-6", "anonymous"), List.of(ship.action(), ship.subject(),
                ship.actor()), "default action, the subject by parameter name, nobody signed in");
        assertEquals(List.of("order.place", "o-5", "anonymous"), List.of(place.action(), place.subject(),
                place.actor()));
        assertTrue(ship.correlation().matches("[0-9a-f]{32}"), ship::toString);
        assertEquals(ship.correlation(), place.correlation(), "the same request: one id");
    }

    @Test
    void notRequiredALogThatRefusesTheEntryLeavesTheCallAndItsTransactionAlone() throws Exception {
        long entries = log.health().entries();
        UserTransaction tx = InitialContext.doLookup("java:comp/UserTransaction");
        tx.begin();
        try {
            assertEquals("done o-7", orders.bestEffort("o-7"));
            assertEquals(Status.STATUS_ACTIVE, tx.getStatus());
        } finally {
            tx.commit();
        }
        assertEquals(entries, log.health().entries(), "the refused entry is not stored");
    }

    @Test
    void requiredALogThatRefusesTheEntryFailsTheCallAndRollsItsTransactionBack() throws Exception {
        long entries = log.health().entries();
        int runs = AuditedOrders.RUNS.get();
        UserTransaction tx = InitialContext.doLookup("java:comp/UserTransaction");
        tx.begin();
        try {
            AuditFailedException e = assertThrows(AuditFailedException.class, () -> orders.mustBeRecorded("o-8"));
            assertTrue(e.getMessage().contains("did not record it"), e.getMessage());
            assertEquals(runs + 1, AuditedOrders.RUNS.get(), "it ran");
            assertEquals(Status.STATUS_MARKED_ROLLBACK, tx.getStatus(), "what it did is rolled back");
        } finally {
            tx.rollback();
        }
        assertEquals(entries, log.health().entries(), "nothing is recorded, least of all a success");
    }
}
