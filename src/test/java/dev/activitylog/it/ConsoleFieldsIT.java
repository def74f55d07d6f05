package dev.activitylog.it;

import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fields of entry format 2 in the console: the list filters on outcome and correlation and marks failures, the
 * entry page shows every field escaped, the live tail marks failures and sends nothing the list does not show.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ConsoleFieldsIT {
    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.packagedWar(TestAppendResource.class);
    }

    private static JsonObject append(String subject, String outcome, String correlation, String attribute) {
        return Http.append(Map.of("actor", "console-fields", "action", "order.pay", "subject", subject, "detail", "",
                "outcome", outcome, "origin", "203.0.113.7 <node-x>", "correlation", correlation,
                "attribute", attribute));
    }

    /** The opening tag of the list's row of entry {@code seq}. */
    private static String row(String html, long seq) {
        Matcher m = Pattern.compile("<tr data-seq=\"" + seq + "\"[^>]*>").matcher(html);
        assertTrue(m.find(), () -> "no row " + seq + " in " + html);
        return m.group();
    }

    @Test
    void failuresAreFilteredMarkedAndShownWithEveryField() {
        String run = "c-" + UUID.randomUUID();
        long paid = seq(append(run + "/paid", "SUCCESS", run, "method=card"));
        long refused = seq(append(run + "/refused", "FAILURE:com.example.PaymentRefused", run,
                "reason=<script>alert(1)</script>"));
        Http.Session admin = new Http.Session().login(Http.ADMIN_USER, Http.ADMIN_PASSWORD);

        String both = ok(admin.get("admin/?correlation=" + enc(run)));
        assertTrue(both.contains(run + "/paid") && both.contains(run + "/refused"), both);
        String failedRow = row(both, refused);
        assertTrue(failedRow.contains("failure") && failedRow.contains("title=\"FAILURE:com.example.PaymentRefused\""),
                failedRow);
        String paidRow = row(both, paid);
        assertFalse(paidRow.contains("failure") || paidRow.contains("title="), paidRow);

        String failures = ok(admin.get("admin/?correlation=" + enc(run) + "&outcome=FAILURE"));
        assertTrue(failures.contains(run + "/refused") && !failures.contains(run + "/paid"), failures);
        String exact = ok(admin.get("admin/?correlation=" + enc(run) + "&outcome=" + enc("FAILURE:com.example.PaymentRefused")));
        assertTrue(exact.contains(run + "/refused") && !exact.contains(run + "/paid"), exact);
        String successes = ok(admin.get("admin/?correlation=" + enc(run) + "&outcome=SUCCESS"));
        assertTrue(successes.contains(run + "/paid") && !successes.contains(run + "/refused"), successes);

        String page = ok(admin.get("admin/entry.xhtml?seq=" + refused));
        assertTrue(page.contains("FAILURE:com.example.PaymentRefused"), page);
        assertTrue(page.contains("203.0.113.7 &lt;node-x&gt;"), "origin, escaped");
        assertTrue(page.contains(run), "correlation");
        assertTrue(page.contains("reason") && page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "attributes, escaped");
        assertFalse(page.contains("<script>alert(1)"), page);
    }

    @Test
    void theLiveTailMarksFailuresAndSendsOnlyWhatTheListShows() {
        String run = "t-" + UUID.randomUUID();
        long refused = seq(append(run, "FAILURE:com.example.PaymentRefused", run, "reason=limit"));
        Http.Session admin = new Http.Session().login(Http.ADMIN_USER, Http.ADMIN_PASSWORD);
        HttpResponse<String> tail = admin.get("admin/tail?after=" + (refused - 1) + "&correlation=" + enc(run));
        assertEquals(200, tail.statusCode(), tail::body);
        JsonObject e = Http.json(tail.body()).getJsonArray("entries").getJsonObject(0);
        assertEquals("FAILURE:com.example.PaymentRefused", e.getString("outcome"));
        assertFalse(e.containsKey("origin") || e.containsKey("correlation") || e.containsKey("attributes"), e::toString);
    }

    private static String ok(HttpResponse<String> r) {
        assertEquals(200, r.statusCode(), r::body);
        return r.body();
    }

    private static long seq(JsonObject entry) {
        return entry.getJsonNumber("seq").longValue();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
