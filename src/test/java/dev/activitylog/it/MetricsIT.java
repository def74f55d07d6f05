package dev.activitylog.it;

import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every metric docs/deployment.md ("Metrics") lists, scraped over HTTP from the server's own endpoint after appends
 * and a verify: WildFly's Micrometer Prometheus registry (the suite adds the subsystem, pom.xml it-micrometer),
 * Payara's MicroProfile Metrics.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class MetricsIT {
    private static final int APPENDS = 5;
    private static final boolean PAYARA = "payara".equals(System.getProperty("arquillian.launch"));

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.packagedWar(TestAppendResource.class);
    }

    @Test
    void appendsAndAVerifyShowInTheServersMetrics() {
        Prometheus before = Prometheus.scrape();
        String actor = "metrics-it-" + UUID.randomUUID();
        for (int i = 0; i < APPENDS; i++) {
            Http.append(actor, "metrics.check", "m/" + i, "append " + i);
        }
        HttpResponse<String> verify = Http.post("api/verify", "");
        assertEquals(200, verify.statusCode(), verify::body);
        JsonObject report = Http.json(verify.body());
        JsonObject health = Http.getJson("api/health");
        Prometheus after = Prometheus.scrape();

        // Appends: the counter grew by at least ours; each took time; the distribution is there.
        assertGrewBy(before, after, "activitylog_append_seconds_count", APPENDS);
        assertTrue(after.required("activitylog_append_seconds_sum") > before.required("activitylog_append_seconds_sum"));
        assertTrue(after.required("activitylog_append_seconds_max") > 0, after.text);
        assertDistribution(after, "activitylog_append");
        // The suite runs GROUP: one client's appends one after another, each waits for an fsync of its own or a shared one.
        assertEquals("GROUP", health.getString("durability"));
        assertGrewBy(before, after, "activitylog_fsync_seconds_count", 1);
        assertTrue(after.required("activitylog_fsync_seconds_sum") > before.required("activitylog_fsync_seconds_sum"));
        assertDistribution(after, "activitylog_fsync");
        // Each append went through the container's lock.
        assertGrewBy(before, after, "activitylog_lock_wait_seconds_count", APPENDS);
        assertDistribution(after, "activitylog_lock_wait");

        assertGrewBy(before, after, "activitylog_verify_runs_total", 1);
        int problems = report.getJsonArray("problems").size();
        assertEquals(problems, after.required("activitylog_verify_problems"), "the last verify's, ours: " + report);

        double lag = after.required("activitylog_index_lag");
        assertTrue(lag >= 0 && lag <= health.getJsonNumber("entries").longValue(), "index lag " + lag + ", " + health);

        double cuts = after.required("activitylog_recovery_cuts_total");
        double cutBytes = after.required("activitylog_recovery_cut_bytes_total");
        assertEquals(cuts == 0, cutBytes == 0, "a cut removes bytes: " + cuts + " cuts, " + cutBytes + " bytes");
        long lastCut = health.getJsonObject("lastRecovery").getJsonNumber("bytesCut").longValue();
        assertTrue(cutBytes >= lastCut, "this deployment's recovery cut " + lastCut + " bytes, counted " + cutBytes);
    }

    /**
     * The adapter for the other server's library is skipped by CDI (its types are missing) with WELD-000119 in the
     * server log, and the deployment went on: this test runs.
     */
    @Test
    void theOtherServersAdapterIsSkippedAndTheApplicationRuns() throws IOException {
        String skipped = PAYARA ? "dev.activitylog.metrics.boundary.MicrometerMetrics"
                : "dev.activitylog.metrics.boundary.MicroProfileMetrics";
        Path log = PAYARA
                ? Path.of(System.getProperty("payara.home"), "glassfish", "domains",
                        System.getProperty("payara.it.domain"), "logs", "server.log")
                : Path.of(System.getProperty("wildfly.it.base"), "log", "server.log");
        String text = Files.readString(log);
        assertTrue(text.lines().anyMatch(l -> l.contains("WELD-000119") && l.contains(skipped)),
                "no WELD-000119 for " + skipped + " in " + log);
        assertEquals("AVAILABLE", Http.getJson("api/health").getString("state"));
        assertFalse(Prometheus.scrape().all("activitylog_append_seconds_count").isEmpty());
    }

    private static void assertGrewBy(Prometheus before, Prometheus after, String name, int atLeast) {
        double was = before.required(name);
        double is = after.required(name);
        assertTrue(is >= was + atLeast, name + " was " + was + ", is " + is + ", expected at least +" + atLeast);
    }

    /**
     * A distribution, not only a count and a sum: on WildFly cumulative bucket counters whose {@code +Inf} bucket is
     * the timer's count, on Payara the timer's quantiles.
     */
    private static void assertDistribution(Prometheus p, String timer) {
        if (PAYARA) {
            long quantiles = p.all(timer + "_seconds").stream().filter(s -> s.labels().contains("quantile=")).count();
            assertTrue(quantiles >= 2, "no quantiles for " + timer + ":\n" + p.text);
            return;
        }
        List<Prometheus.Sample> buckets = p.all(timer + "_buckets_total");
        assertEquals(11, buckets.size(), "10 bounds and +Inf: " + buckets);
        double inf = buckets.stream().filter(s -> s.labels().contains("le=\"+Inf\"")).findFirst().orElseThrow().value();
        assertEquals(p.required(timer + "_seconds_count"), inf, "every recorded duration is in the +Inf bucket");
    }
}
