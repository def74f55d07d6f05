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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The admin console and its protection over plain HTTP, as a browser without JavaScript (or an attacker) gets it:
 * who gets in, escaping, paging by links, CSRF-safe posts, the export, and the API's access rules. The same console
 * in a real browser: {@link AdminConsoleIT}.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class AdminPageIT {
    private static final String HOSTILE = "<script>alert(1)</script> \"quoted\" 'single' & <b>bold</b>";
    private static final Pattern VIEW_STATE = Pattern.compile("name=\"jakarta.faces.ViewState\"[^>]* value=\"([^\"]+)\"");

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.packagedWar(TestAppendResource.class);
    }

    @Test
    void anonymousUsersGetTheLoginFormAndWrongPasswordsAreRefused() {
        HttpResponse<String> r = Http.anonymous("admin/");
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("j_security_check") && r.body().contains("Sign in"), r::body);
        assertFalse(r.body().contains("entries-body"), "no console content before login");
        for (String path : new String[]{"admin/export?format=csv", "admin/tail?after=0", "admin/entry.xhtml?seq=1",
                "admin/health.xhtml"}) {
            assertTrue(Http.anonymous(path).body().contains("j_security_check"), path + " needs a login too");
        }
        Http.Session s = new Http.Session();
        s.get("admin/");
        HttpResponse<String> wrong = s.post("j_security_check",
                Http.form(Map.of("j_username", Http.ADMIN_USER, "j_password", "not-the-password")));
        assertTrue(wrong.body().contains("Wrong user name or password"), wrong::body);
    }

    @Test
    void aUserWithoutTheRoleGets403Everywhere() {
        Http.Session viewer = new Http.Session().login(Http.VIEWER_USER, Http.VIEWER_PASSWORD);
        HttpResponse<String> page = viewer.get("admin/");
        assertEquals(403, page.statusCode());
        assertTrue(page.body().contains("Access denied") && page.body().contains(Http.VIEWER_USER), page::body);
        assertEquals(403, viewer.get("admin/export?format=ndjson").statusCode());
        assertEquals(403, viewer.get("admin/tail?after=0").statusCode());

        HttpResponse<String> api = Http.as(Http.VIEWER_USER, Http.VIEWER_PASSWORD, "api/entries");
        assertEquals(403, api.statusCode());
        assertEquals("Forbidden", Http.json(api.body()).getString("type"));
        assertNotStored(api);
    }

    @Test
    void theApiNeedsTheRoleExceptHealth() {
        HttpResponse<String> anonymous = Http.anonymous("api/entries");
        assertEquals(401, anonymous.statusCode());
        assertTrue(anonymous.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"));
        assertNotStored(anonymous);
        assertEquals("nosniff", anonymous.headers().firstValue("X-Content-Type-Options").orElse(null),
                "a refusal carries the security headers too");
        assertEquals(401, Http.anonymous("api/entries/1").statusCode());
        assertEquals(401, Http.as(Http.ADMIN_USER, "wrong", "api/entries").statusCode());
        assertEquals(200, Http.anonymous("api/health").statusCode(), "monitors read health without credentials");

        HttpResponse<String> ok = Http.get("api/entries?limit=1");
        assertEquals(200, ok.statusCode(), ok::body);
        // WildFly keeps a programmatic login in a new session; the filter ends it, so the cookie comes expired.
        assertTrue(ok.headers().allValues("Set-Cookie").stream()
                        .noneMatch(c -> c.startsWith("JSESSIONID") && !c.contains("Expires=Thu, 01-Jan-1970")),
                () -> "a Basic API call leaves no session behind: " + ok.headers().allValues("Set-Cookie"));
        assertNotStored(ok);
    }

    @Test
    void showsEntriesEscapedAndPagesByLinks() {
        String run = UUID.randomUUID().toString();
        String actor = "admin-it-" + run;
        JsonObject first = Http.append(actor, "page.view", run + "/first", "first entry");
        JsonObject second = Http.append(actor, "page.view", run + "/second", "second entry");
        JsonObject hostile = Http.append(actor, "page.view", run + "/hostile", HOSTILE);
        assertEquals(HOSTILE, hostile.getString("detail"), "stored as given");

        Http.Session admin = new Http.Session().login(Http.ADMIN_USER, Http.ADMIN_PASSWORD);
        String html = ok(admin.get("admin/"));
        assertTrue(html.contains(run + "/hostile") && html.contains(run + "/second") && html.contains(run + "/first"));
        assertFalse(html.contains("<script>alert(1)</script>"), "detail must be HTML-escaped");
        assertFalse(html.contains("<b>bold</b>"));
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "detail is shown, escaped");
        assertTrue(html.contains("AVAILABLE"), "health panel shows the state");
        assertFalse(Pattern.compile("<script(?![^>]*\\bsrc=)").matcher(html).find(), "no inline script (CSP)");

        // A filter value is escaped in the form field too.
        String field = ok(admin.get("admin/?actor=" + enc("\"><script>alert(2)</script>")));
        assertFalse(field.contains("<script>alert(2)"), "filter values are escaped in attributes");
        assertTrue(field.contains("value=\"&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;\""), field);

        // Two per page of this actor: the two newest, then Older, Newer, Oldest, Newest.
        String page1 = ok(admin.get("admin/?limit=2&actor=" + enc(actor)));
        assertTrue(page1.contains(run + "/hostile") && page1.contains(run + "/second") && !page1.contains(run + "/first"));
        String page2 = ok(admin.get(ConsoleLinks.href(page1, "next")));
        assertTrue(page2.contains(run + "/first") && !page2.contains(run + "/second"), "Older shows the first entry");
        String back = ok(admin.get(ConsoleLinks.href(page2, "previous")));
        assertTrue(back.contains(run + "/second") && back.contains(run + "/hostile") && !back.contains(run + "/first"));
        String oldest = ok(admin.get(ConsoleLinks.href(page1, "last")));
        assertTrue(oldest.contains(run + "/first") && oldest.contains(run + "/second"), "the oldest two");
        String newest = ok(admin.get(ConsoleLinks.href(oldest, "first")));
        assertTrue(newest.contains(run + "/hostile"));

        String jumped = ok(admin.get("admin/?limit=2&actor=" + enc(actor) + "&seq=" + seq(second)));
        assertTrue(jumped.contains("data-seq=\"" + seq(second) + "\" class=\"highlight\"") && jumped.contains(run + "/first"));

        String detail = ok(admin.get("admin/entry.xhtml?seq=" + seq(hostile)));
        assertTrue(detail.contains("&lt;script&gt;alert(1)&lt;/script&gt; \"quoted\" 'single' &amp; &lt;b&gt;bold&lt;/b&gt;"), detail);
        assertEquals(404, admin.get("admin/entry.xhtml?seq=" + (seq(hostile) + 1_000_000)).statusCode());
        assertTrue(seq(first) < seq(second));
    }

    @Test
    void badParametersAreExplainedNotFatal() {
        Http.Session admin = new Http.Session().login(Http.ADMIN_USER, Http.ADMIN_PASSWORD);
        String html = ok(admin.get("admin/?before=not-a-number&from=yesterday&limit=-3"));
        assertTrue(html.contains("before must be a whole number"), html);
        assertTrue(html.contains("from: &#39;yesterday&#39; is not a UTC time") || html.contains("from: 'yesterday' is not a UTC time"), html);
        assertTrue(html.contains("limit must be at least 1"), html);
        assertTrue(html.contains("Health"));
    }

    @Test
    void postsNeedTheViewStateOfThisSession() {
        Http.Session admin = new Http.Session().login(Http.ADMIN_USER, Http.ADMIN_PASSWORD);
        String viewState = viewState(ok(admin.get("admin/health.xhtml")));

        Map<String, String> verify = pressed("verify-form", "verify-run", "Verify now", viewState);
        String report = ok(admin.post("admin/health.xhtml", Http.form(verify)));
        assertTrue(report.contains("id=\"verify-report\"") && report.contains(" entries"), report);
        assertTrue(report.contains("id=\"segments-table\"") && report.contains("class=\"segment-ACTIVE\""),
                "the health page lists the segments, the active one among them");

        // A cross-site post has no view state of this session: nothing runs, the user is told.
        for (String forged : new String[]{"stateless", "1234:5678"}) {
            verify.put("jakarta.faces.ViewState", forged);
            HttpResponse<String> r = admin.post("admin/health.xhtml", Http.form(verify));
            assertEquals(302, r.statusCode(), r::body);
            assertTrue(r.headers().firstValue("Location").orElse("").endsWith("/activity-log/expired.xhtml"));
        }
        // Another session's view state is no better.
        Http.Session other = new Http.Session().login(Http.ADMIN_USER, Http.ADMIN_PASSWORD);
        verify.put("jakarta.faces.ViewState", viewState);
        assertEquals(302, other.post("admin/health.xhtml", Http.form(verify)).statusCode());
    }

    @Test
    void exportStreamsTheFilterAsNdjsonAndCsv() {
        String run = UUID.randomUUID().toString();
        String actor = "export-it-" + run;
        for (int i = 0; i < 7; i++) {
            Http.append(actor, "export.test", run + "/doc/" + i, i == 3 ? HOSTILE + "\nsecond line, with comma" : "entry " + i);
        }
        Http.Session admin = new Http.Session().login(Http.ADMIN_USER, Http.ADMIN_PASSWORD);
        HttpResponse<String> nd = admin.get("admin/export?format=ndjson&actor=" + enc(actor));
        assertEquals(200, nd.statusCode(), nd::body);
        assertTrue(nd.headers().firstValue("Content-Type").orElse("").startsWith("application/x-ndjson"));
        assertTrue(nd.headers().firstValue("Content-Disposition").orElse("").startsWith("attachment"));
        String[] lines = nd.body().split("\n");
        assertEquals(7, lines.length, nd::body);
        assertEquals(run + "/doc/0", Http.json(lines[0]).getString("subject"), "oldest first");
        assertEquals(HOSTILE + "\nsecond line, with comma", Http.json(lines[3]).getString("detail"));

        HttpResponse<String> csv = admin.get("admin/export?format=csv&actor=" + enc(actor));
        assertTrue(csv.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
        assertTrue(csv.body().startsWith("seq,time,actor,action,subject,detail,outcome,origin,correlation,attributes,"
                + "problem\r\n"), csv::body);
        assertTrue(csv.body().contains("\"<script>alert(1)</script> \"\"quoted\"\" 'single' & <b>bold</b>\nsecond line, with comma\""),
                csv::body);
        assertEquals(8, csv.body().split("\r\n").length, "header + 7 records (the line break is inside quotes)");
        assertNotStored(nd);
        assertNotStored(csv);

        // Without a filter on an indexed field the log is read sequentially: the same entries, the same order. It
        // also lists the entries it cannot read (other tests damage the shared log), as it cannot tell whether they
        // would match.
        HttpResponse<String> read = admin.get("admin/export?format=ndjson&q=" + enc(run));
        List<String> readable = read.body().lines().filter(l -> !Http.json(l).containsKey("corrupt")).toList();
        assertEquals(List.of(lines), readable);
    }

    @Test
    void theLiveTailAnswersJsonThatIsNotStored() {
        String run = UUID.randomUUID().toString();
        String actor = "tail-it-" + run;
        long seq = seq(Http.append(actor, "tail.http", run, "polled"));
        Http.Session admin = new Http.Session().login(Http.ADMIN_USER, Http.ADMIN_PASSWORD);
        HttpResponse<String> tail = admin.get("admin/tail?after=" + (seq - 1) + "&actor=" + enc(actor));
        assertEquals(200, tail.statusCode(), tail::body);
        assertTrue(tail.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        assertEquals(run, Http.json(tail.body()).getJsonArray("entries").getJsonObject(0).getString("subject"));
        assertNotStored(tail);

        HttpResponse<String> bad = admin.get("admin/tail?after=yesterday");
        assertEquals(400, bad.statusCode(), bad::body);
        assertEquals("after must be 0 or a sequence number", Http.json(bad.body()).getString("error"));
        assertNotStored(bad);
    }

    @Test
    void signingOutFromTheEntryListEndsTheSession() {
        Http.Session admin = new Http.Session().login(Http.ADMIN_USER, Http.ADMIN_PASSWORD);
        HttpResponse<String> list = admin.get("admin/");
        assertNotStored(list);
        Map<String, String> logout = pressed("session", "logout", "Sign out", viewState(ok(list)));
        HttpResponse<String> r = admin.post("admin/index.xhtml", Http.form(logout));
        assertEquals(302, r.statusCode(), r::body);
        assertTrue(r.headers().firstValue("Location").orElse("").endsWith("/activity-log/login.xhtml?signedOut=true"),
                r.headers()::toString);
        assertTrue(admin.get("admin/").body().contains("j_security_check"), "signed out: the login form again");
    }

    private static String viewState(String html) {
        Matcher vs = VIEW_STATE.matcher(html);
        assertTrue(vs.find(), html);
        return vs.group(1);
    }

    /** What a Faces form posts when one of its buttons is pressed. */
    private static Map<String, String> pressed(String form, String button, String label, String viewState) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(form, form);
        fields.put(form + ":" + button, label);
        fields.put("jakarta.faces.ViewState", viewState);
        return fields;
    }

    /** Audit data must not stay in a browser's or a proxy's cache. */
    private static void assertNotStored(HttpResponse<String> r) {
        assertEquals(List.of("no-store"), r.headers().allValues("Cache-Control"), () -> r.uri() + " " + r.headers());
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
