package dev.activitylog.it;

import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The admin page over HTTP, as an operator's browser gets it. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class AdminPageIT {
    private static final String HOSTILE = "<script>alert(1)</script> \"quoted\"";
    private static final Pattern OLDER = Pattern.compile("<a [^>]*href=\"([^\"]*)\"[^>]*>Older</a>");

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.packagedWar(TestAppendResource.class);
    }

    @Test
    void showsNewestEntriesEscapedWithHealthAndPagesToOlderOnes() {
        String run = UUID.randomUUID().toString();
        String actor = "admin-it-" + run;
        JsonObject first = Http.append(actor, "page.view", run + "/first", "first entry");
        JsonObject second = Http.append(actor, "page.view", run + "/second", "second entry");
        JsonObject hostile = Http.append(actor, "page.view", run + "/hostile", HOSTILE);
        assertEquals(HOSTILE, hostile.getString("detail"), "stored as given");

        HttpResponse<String> newest = Http.get("admin/");
        assertEquals(200, newest.statusCode(), newest::body);
        assertTrue(newest.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        String html = newest.body();
        assertTrue(html.contains(run + "/hostile") && html.contains(run + "/second") && html.contains(run + "/first"),
                "the newest entries are listed");
        assertFalse(html.contains("<script>alert(1)</script>"), "detail must be HTML-escaped");
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "detail is shown, escaped");
        assertTrue(html.contains("AVAILABLE"), "health panel shows the state");
        assertTrue(html.contains("activity.log"), "health panel shows the file");
        assertTrue(newest.headers().allValues("Set-Cookie").stream().noneMatch(c -> c.startsWith("JSESSIONID")),
                "a read-only page needs no session");

        // Two per page: our two newest, then "Older" leads to the first.
        String page1 = ok(Http.get("admin/?limit=2"));
        assertTrue(page1.contains(run + "/hostile") && page1.contains(run + "/second"));
        assertFalse(page1.contains(run + "/first"));
        String older = olderLink(page1);
        assertTrue(older.contains("before=" + second.getJsonNumber("seq").longValue()), older);

        String page2 = ok(Http.get(older));
        assertTrue(page2.contains(run + "/first"), "the older page shows the entry before");
        assertFalse(page2.contains(run + "/second") || page2.contains(run + "/hostile"));
        assertTrue(page2.contains(">Newest</a>"), "an older page links back to the newest");
        assertTrue(first.getJsonNumber("seq").longValue() < second.getJsonNumber("seq").longValue());
    }

    @Test
    void aBadPagingParameterStillRendersThePage() {
        HttpResponse<String> r = Http.get("admin/?before=not-a-number");
        String html = ok(r);
        assertTrue(html.contains("Health"), html);
    }

    private static String ok(HttpResponse<String> r) {
        assertEquals(200, r.statusCode(), r::body);
        return r.body();
    }

    /** The Older link's target, relative to the server root ("/activity-log/..."), made relative to the app. */
    private static String olderLink(String html) {
        Matcher m = OLDER.matcher(html);
        assertTrue(m.find(), () -> "no Older link in " + html);
        String href = m.group(1).replace("&amp;", "&");
        assertTrue(href.startsWith("/activity-log/"), href);
        return href.substring("/activity-log/".length());
    }
}
