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
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What an attacker or a careless client gets over plain HTTP: refusals that carry the security headers, failed Basic
 * sign-ins throttled before they can lock the admin out, an open health check that says no more than a monitor
 * needs, far dates answered with a message rather than a crash, a page of our own instead of a stack trace, and a
 * CSV export that a spreadsheet does not evaluate.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class HttpHardeningIT {
    private static final Map<String, String> SECURITY_HEADERS = Map.of(
            "X-Content-Type-Options", "nosniff",
            "X-Frame-Options", "DENY",
            "Referrer-Policy", "no-referrer",
            "Cache-Control", "no-store");
    private static final String FAR = "9999-12-31T23:59:59Z";
    private static final String BEYOND = enc("+10000-01-01T00:00:01Z");

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.packagedWar(TestAppendResource.class, FailingServlet.class);
    }

    @Test
    void theApisRefusalsCarryTheSecurityHeaders() {
        assertSecurityHeaders(Http.anonymous("api/entries"), 401);
        assertSecurityHeaders(Http.as(Http.ADMIN_USER, "wrong", "api/entries"), 401);
        assertSecurityHeaders(Http.as(Http.VIEWER_USER, Http.VIEWER_PASSWORD, "api/entries"), 403);
        assertSecurityHeaders(Http.get("api/entries?limit=0"), 400);
    }

    @Test
    void failedBasicSignInsAreThrottledPerClientAndUser() {
        // A user name of its own: the throttle must not hold up the other tests' users on this shared server.
        String user = "nobody-" + UUID.randomUUID();
        for (int i = 0; i < 5; i++) {
            assertEquals(401, Http.as(user, "guess-" + i, "api/entries").statusCode(), "attempt " + (i + 1));
        }
        HttpResponse<String> r = Http.as(user, "guess-6", "api/entries");
        assertEquals(429, r.statusCode(), r::body);
        assertSecurityHeaders(r, 429);
        long retryAfter = Long.parseLong(r.headers().firstValue("Retry-After").orElse("0"));
        assertTrue(retryAfter > 30 * 60, "waits longer than the realm remembers failures: " + retryAfter);
        assertEquals("TooManyRequests", Http.json(r.body()).getString("type"));
        assertEquals(200, Http.get("api/entries?limit=1").statusCode(), "other users are not held up");
    }

    @Test
    void theOpenHealthCheckSaysStateAndCauseOnly() {
        HttpResponse<String> open = Http.anonymous("api/health");
        assertEquals(200, open.statusCode(), open::body);
        JsonObject health = Http.json(open.body());
        assertEquals("AVAILABLE", health.getString("state"));
        assertTrue(Set.of("state", "cause").containsAll(health.keySet()), "no path, size or count: " + health);

        JsonObject viewer = Http.json(Http.as(Http.VIEWER_USER, Http.VIEWER_PASSWORD, "api/health").body());
        assertEquals(Set.of("state"), viewer.keySet(), "a user without the role sees what a monitor sees");
        JsonObject admin = Http.getJson("api/health");
        assertTrue(admin.getString("path").endsWith("activity.log"), "the role sees it in full: " + admin);
        assertTrue(admin.containsKey("entries") && admin.containsKey("fileSize"), admin::toString);
        assertEquals(401, Http.as(Http.ADMIN_USER, "wrong", "api/health").statusCode(), "wrong credentials are wrong");
    }

    @Test
    void farDatesInTheConsoleAreFiltersOrMessagesNeverAnError() {
        String actor = "far-" + UUID.randomUUID();
        long seq = Http.append(actor, "far.test", "s", "d").getJsonNumber("seq").longValue();
        Http.Session admin = new Http.Session().login(Http.ADMIN_USER, Http.ADMIN_PASSWORD);
        String a = "&actor=" + enc(actor);

        assertTrue(ok(admin.get("admin/?to=" + FAR + a)).contains("data-seq=\"" + seq + "\""), "a far bound is a bound");
        assertTrue(ok(admin.get("admin/?from=1000-01-01" + a)).contains("data-seq=\"" + seq + "\""));
        assertTrue(ok(admin.get("admin/?at=" + FAR + a)).contains("data-seq=\"" + seq + "\""));
        assertTrue(ok(admin.get("admin/?at=" + BEYOND + a)).contains("time must be between"), "explained, not fatal");
        assertTrue(ok(admin.get("admin/?to=" + BEYOND + a)).contains("to must be between"));
        assertTrue(ok(admin.get("admin/export?format=csv&to=" + FAR + a)).contains("\"far.test\""));

        HttpResponse<String> export = admin.get("admin/export?format=csv&to=" + BEYOND + a);
        assertEquals(400, export.statusCode(), export::body);
        assertTrue(export.body().startsWith("Cannot export: to must be between"), export::body);
        HttpResponse<String> tail = admin.get("admin/tail?after=0&to=" + BEYOND + a);
        assertEquals(400, tail.statusCode(), tail::body);
        assertTrue(Http.json(tail.body()).getString("error").startsWith("to must be between"), tail::body);
        assertEquals(seq, Http.json(ok(admin.get("admin/tail?after=0&to=" + FAR + a))).getJsonArray("entries")
                .getJsonObject(0).getJsonNumber("seq").longValue());
    }

    @Test
    void aFailureNothingHandlesShowsAPageOfOurOwnWithoutTheCause() {
        HttpResponse<String> r = Http.anonymous("it/fail");
        assertEquals(500, r.statusCode());
        assertTrue(r.body().contains("Something went wrong"), r::body);
        assertFalse(r.body().contains(FailingServlet.SECRET), r::body);
        assertFalse(r.body().contains("IllegalStateException") || r.body().contains("at dev.activitylog"), r::body);
        assertSecurityHeaders(r, 500);
    }

    @Test
    void theCsvExportNeutralisesFormulasAndNdjsonKeepsThem() {
        String actor = "formula-Zoë-" + UUID.randomUUID();
        Http.append(actor, "csv.test", "=cmd|'/C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0");
        Http.append(actor, "csv.test", "+1", "-2");
        Http.Session admin = new Http.Session().login(Http.ADMIN_USER, Http.ADMIN_PASSWORD);
        String csv = ok(admin.get("admin/export?format=csv&actor=" + enc(actor)));
        assertTrue(csv.contains(",\"'+1\",\"'-2\",\"SUCCESS\","), csv);
        assertTrue(csv.contains(",\"'=cmd|'/C calc'!A0\",\"'@SUM(1+1)*cmd|' /C calc'!A0\",\"SUCCESS\","), csv);
        String[] ndjson = ok(admin.get("admin/export?format=ndjson&actor=" + enc(actor))).split("\n");
        assertEquals("=cmd|'/C calc'!A0", Http.json(ndjson[0]).getString("subject"), "oldest first");
        assertEquals("+1", Http.json(ndjson[1]).getString("subject"));
    }

    private static void assertSecurityHeaders(HttpResponse<String> r, int status) {
        assertEquals(status, r.statusCode(), r::body);
        SECURITY_HEADERS.forEach((name, value) ->
                assertEquals(value, r.headers().firstValue(name).orElse(null), () -> name + " on " + r.uri()));
        assertTrue(r.headers().firstValue("Content-Security-Policy").orElse("").contains("frame-ancestors 'none'"),
                () -> "CSP on " + r.uri());
    }

    private static String ok(HttpResponse<String> r) {
        assertEquals(200, r.statusCode(), r::body);
        return r.body();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
