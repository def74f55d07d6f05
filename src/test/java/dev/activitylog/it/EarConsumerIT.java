package dev.activitylog.it;

import dev.activitylog.it.ear.OrderDesk;
import dev.activitylog.it.ear.OrdersApplication;
import dev.activitylog.it.ear.OrdersResource;
import dev.activitylog.log.entity.Entry;
import jakarta.ejb.EJB;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.validation.ConstraintViolationException;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.container.test.api.Testable;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.naming.InitialContext;
import javax.sql.DataSource;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Another application uses the log: an EAR with the consumer's EJB module (orders.jar) and web module
 * (orders-web.war, which also hosts this test), and activity-log as the README packages it — the api jar in lib/ and
 * the WAR without the API classes. The consumer's EJB gets {@code ActivityLog} injected with {@code @EJB}.
 * <pre>
 * orders.ear
 * ├── META-INF/application.xml
 * ├── lib/activity-log-api.jar      dev.activitylog.log.entity.*, dev.activitylog.log.boundary.ActivityLog
 * ├── activity-log.war              activity-log-&lt;version&gt;-ear.war: the log, its API and admin page, at /activity-log
 * ├── orders.jar                    OrderDesk (@Stateless, @EJB ActivityLog), META-INF/ejb-jar.xml
 * └── orders-web.war                OrdersResource at /orders-web/api/orders, this test
 * </pre>
 */
@ExtendWith(ArquillianExtension.class)
class EarConsumerIT {
    private static final String APPLICATION_XML = """
            <?xml version="1.0" encoding="UTF-8"?>
            <application xmlns="https://jakarta.ee/xml/ns/jakartaee" version="10">
                <application-name>orders</application-name>
                <module><ejb>orders.jar</ejb></module>
                <module><web><web-uri>activity-log.war</web-uri><context-root>/activity-log</context-root></web></module>
                <module><web><web-uri>orders-web.war</web-uri><context-root>/orders-web</context-root></web></module>
                <library-directory>lib</library-directory>
            </application>
            """;

    /**
     * The consumer module's own declarations. Application exceptions are declared per module: the log's
     * ejb-jar.xml makes its exceptions reach OrderDesk unwrapped, but when they leave OrderDesk, its module decides.
     */
    private static final String CONSUMER_EJB_JAR_XML = """
            <?xml version="1.0" encoding="UTF-8"?>
            <ejb-jar xmlns="https://jakarta.ee/xml/ns/jakartaee" version="4.0">
                <assembly-descriptor>
                    <application-exception>
                        <exception-class>jakarta.validation.ConstraintViolationException</exception-class>
                        <rollback>false</rollback>
                    </application-exception>
                    <application-exception>
                        <exception-class>dev.activitylog.log.entity.ActivityLogException</exception-class>
                        <rollback>false</rollback>
                    </application-exception>
                </assembly-descriptor>
            </ejb-jar>
            """;

    @Deployment
    static EnterpriseArchive deployment() {
        WebArchive activityLog = Deployments.earModuleWar();
        JavaArchive orders = ShrinkWrap.create(JavaArchive.class, "orders.jar")
                .addClass(OrderDesk.class)
                .addAsManifestResource(new StringAsset(CONSUMER_EJB_JAR_XML), "ejb-jar.xml");
        WebArchive ordersWeb = ShrinkWrap.create(WebArchive.class, "orders-web.war")
                .addClasses(OrdersResource.class, OrdersApplication.class, EarConsumerIT.class, BundledH2.class,
                        Http.class)
                .addAsResource(new StringAsset(Deployments.bundledH2Version(activityLog)), BundledH2.RESOURCE);
        return ShrinkWrap.create(EnterpriseArchive.class, "orders.ear")
                .setApplicationXML(new StringAsset(APPLICATION_XML))
                .addAsLibrary(Deployments.apiJar())
                .addAsModule(activityLog)
                .addAsModule(orders)
                .addAsModule(Testable.archiveToTest(ordersWeb));
    }

    @EJB(lookup = "java:app/orders/OrderDesk")
    OrderDesk desk;

    @Test
    void theConsumersEjbWritesAndReadsThroughTheLog() {
        String customer = "ear-" + UUID.randomUUID();
        Entry first = desk.place(customer, "1", "2 items");
        Entry second = desk.place(customer, "2", "ünïcödé ✓\ttab");
        assertTrue(second.seq() > first.seq());
        assertEquals(customer, first.actor());
        assertEquals("order/2", second.subject());
        assertEquals(first, desk.find(first.seq()).orElseThrow());
        assertEquals(second, desk.find(second.seq()).orElseThrow());
        assertEquals(List.of(second, first), desk.history(customer));
    }

    @Test
    void invalidInputReachesTheConsumersCallerAsItselfAndNothingIsStored() {
        long before = desk.entries();
        ConstraintViolationException e = assertThrows(ConstraintViolationException.class,
                () -> desk.place(" ", "3", null));
        assertTrue(e.getMessage().contains("actor is required"), e.getMessage());
        assertEquals(before, desk.entries());
    }

    @Test
    void theEntryOutlivesTheConsumersRollback() {
        String customer = "ear-" + UUID.randomUUID();
        Entry attempt = desk.placeAndRollBack(customer, "4");
        assertEquals(attempt, desk.find(attempt.seq()).orElseThrow());
        assertEquals(List.of(attempt), desk.history(customer));
    }

    @Test
    void inTheEarTooTheIndexRunsOnTheH2OfTheWar() throws Exception {
        String expected = BundledH2.version();
        // java:app names are shared by all modules of the application.
        DataSource index = InitialContext.doLookup("java:app/activity-log/IndexDS");
        try (Connection c = index.getConnection()) {
            String running = c.getMetaData().getDatabaseProductVersion();
            assertTrue(running.startsWith(expected + " "), () -> "index on H2 " + running + ", WAR has " + expected);
        }
    }

    @Test
    @RunAsClient
    void anAuditedEjbOfAnotherModuleIsRecordedWithTheRequestsTraceAndAddress() {
        String trace = Http.newTraceId();
        HttpResponse<String> paid = Http.traced("../orders-web/api/orders/pay", "order=ear-7", trace);
        assertEquals(200, paid.statusCode(), paid::body);
        JsonArray entries = Http.getJson("api/entries?correlation=" + trace).getJsonArray("entries");
        assertEquals(1, entries.size(), entries::toString);
        JsonObject e = entries.getJsonObject(0);
        assertEquals(List.of("order.pay", "ear-7", "SUCCESS", "anonymous"), List.of(e.getString("action"),
                e.getString("subject"), e.getString("outcome"), e.getString("actor")),
                "orders-web asks nobody to sign in");
        assertTrue(e.getString("origin").startsWith("127.0.0.1 "), e::toString);
    }

    @Test
    @RunAsClient
    void anOrderPlacedOverHttpIsWhatTheLogsOwnApiServes() {
        String customer = "ear-http-" + UUID.randomUUID();
        HttpResponse<String> placed = Http.post("../orders-web/api/orders",
                "customer=" + URLEncoder.encode(customer, StandardCharsets.UTF_8) + "&order=5");
        assertEquals(200, placed.statusCode(), placed::body);
        JsonObject entry = Http.json(placed.body());
        assertEquals(customer, entry.getString("actor"));
        assertEquals(entry, Http.getJson("api/entries/" + entry.getJsonNumber("seq").longValue()));
        assertEquals(List.of(entry), Http.getJson("api/entries?actor=" + URLEncoder.encode(customer,
                StandardCharsets.UTF_8)).getJsonArray("entries"));
    }
}
