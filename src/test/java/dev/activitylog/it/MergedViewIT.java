package dev.activitylog.it;

import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console's merged view of a cluster over plain HTTP, on a server with the embedded index, where the view is this
 * node's log: the Node column and filter, paging by cursor, bad parameters explained, an entry's page naming its node,
 * the merged export with each record's node, the health page's node. The same on two nodes sharing PostgreSQL:
 * {@link ClusterIT}.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class MergedViewIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.packagedWar(TestAppendResource.class);
    }

    /** Each test's own entries: three of an actor of its own, and the node they are of. */
    private final String actor = "merged-it-" + UUID.randomUUID();
    private List<Long> seqs;
    private String node;

    @BeforeEach
    void appendThree() {
        seqs = List.of(1, 2, 3).stream()
                .map(i -> Http.append(actor, "merged.view", actor + "/" + i, "entry " + i).getJsonNumber("seq")
                        .longValue()).toList();
        // This server's node id, as the REST API's merged view names it.
        node = Http.getJson("api/entries/cluster?limit=1&actor=" + enc(actor)).getJsonArray("entries")
                .getJsonObject(0).getString("node");
    }

    @Test
    void listsThisNodesEntriesWithTheirNodeAndPagesOlderByTheCursor() {
        Http.Session admin = admin();

        String page1 = ok(admin.get("admin/cluster.xhtml?limit=2&actor=" + enc(actor)));
        assertTrue(page1.contains("<th scope=\"col\">Node</th>"), page1);
        assertTrue(page1.contains("embedded (H2)") && page1.contains(node), "the page says the view is this node's");
        assertEquals(List.of(seqs.get(2), seqs.get(1)), rows(page1, node), "the newest two, newest first");
        assertTrue(page1.contains("href=\"/activity-log/admin/entry.xhtml?seq=" + seqs.get(2) + "&amp;node=" + node
                + "\""), "each row links to its entry's page with its node");
        assertFalse(page1.contains("id=\"first\""), "the newest page has no link to the newest");

        String older = ConsoleLinks.href(page1, "next");
        assertTrue(older.contains("before=") && older.contains("actor="), older);
        String page2 = ok(admin.get(older));
        assertEquals(List.of(seqs.get(0)), rows(page2, node), "Older shows the oldest");
        assertFalse(page2.contains("id=\"next\""), "nothing older");
        assertEquals(List.of(seqs.get(2), seqs.get(1)), rows(ok(admin.get(ConsoleLinks.href(page2, "first"))), node));

        assertEquals(newestFirst(), rows(ok(admin.get("admin/cluster.xhtml?actor=" + enc(actor) + "&node=" + node)),
                node), "the node filter keeps this node's entries");
        String none = ok(admin.get("admin/cluster.xhtml?actor=" + enc(actor) + "&node=no-such-node"));
        assertEquals(List.of(), rows(none, node));
        assertTrue(none.contains("No entries match these filters"), none);

        assertTrue(ok(admin.get("admin/")).contains("href=\"/activity-log/admin/cluster.xhtml\""),
                "the console's navigation links to the merged view");
    }

    @Test
    void aBadCursorOrNodeIsExplainedAndIgnoredAndThePageStillShown() {
        HttpResponse<String> r = admin().get("admin/cluster.xhtml?actor=" + enc(actor) + "&before=" + enc("12:x")
                + "&node=" + enc("no node") + "&limit=-3");
        String html = ok(r);
        assertTrue(html.contains("id=\"param-errors\""), html);
        assertTrue(html.contains("before: not a position in the merged view"), html);
        assertTrue(html.contains("is not a node id"), html);
        assertTrue(html.contains("limit must be at least 1"), html);
        assertEquals(newestFirst(), rows(html, node), "shown without them: this actor's entries, newest first");
        assertFalse(html.contains("Exception") || html.contains("at dev.activitylog"), "no stack trace");
    }

    @Test
    void anEntrysPageNamesItsNodeAndExplainsAnUnknownOrBadOne() {
        Http.Session admin = admin();

        String plain = ok(admin.get("admin/entry.xhtml?seq=" + seqs.get(1)));
        assertTrue(plain.contains("id=\"e-node\"><bdi>" + node + "</bdi>"), "without node: this node's, named");
        String withNode = ok(admin.get("admin/entry.xhtml?seq=" + seqs.get(1) + "&node=" + node));
        assertTrue(withNode.contains("id=\"e-node\"><bdi>" + node + "</bdi>"), withNode);
        assertTrue(withNode.contains(actor), "the entry itself");
        assertTrue(ConsoleLinks.href(withNode, "older").endsWith("seq=" + (seqs.get(1) - 1) + "&node=" + node),
                "the neighbours keep the node");
        assertTrue(ConsoleLinks.href(withNode, "newer").endsWith("seq=" + seqs.get(2) + "&node=" + node));

        HttpResponse<String> unknown = admin.get("admin/entry.xhtml?seq=" + seqs.get(1) + "&node=other-node");
        assertEquals(404, unknown.statusCode(), unknown::body);
        assertTrue(unknown.body().contains("There is no node other-node here: this server&#39;s index is its own")
                || unknown.body().contains("There is no node other-node here: this server's index is its own"),
                unknown::body);
        HttpResponse<String> bad = admin.get("admin/entry.xhtml?seq=" + seqs.get(1) + "&node=" + enc("a b"));
        assertEquals(400, bad.statusCode(), bad::body);
        assertTrue(bad.body().contains("is not a node id"), bad::body);
    }

    @Test
    void theMergedExportCarriesEachEntrysNodeNewestFirst() {
        Http.Session admin = admin();

        String page = ok(admin.get("admin/cluster.xhtml?actor=" + enc(actor)));
        String ndjsonLink = ConsoleLinks.href(page, "export-ndjson");
        assertEquals("admin/export?format=ndjson&scope=cluster&actor=" + enc(actor), ndjsonLink);
        HttpResponse<String> nd = admin.get(ndjsonLink);
        assertEquals(200, nd.statusCode(), nd::body);
        assertTrue(nd.headers().firstValue("Content-Type").orElse("").startsWith("application/x-ndjson"));
        List<JsonObject> records = nd.body().lines().map(Http::json).toList();
        assertEquals(newestFirst(), records.stream().map(o -> o.getJsonNumber("seq").longValue()).toList(),
                "every entry, newest first");
        assertTrue(records.stream().allMatch(o -> node.equals(o.getString("node")) && actor.equals(o.getString("actor"))),
                nd::body);

        HttpResponse<String> csv = admin.get(ConsoleLinks.href(page, "export-csv"));
        List<String> rows = csv.body().lines().toList();
        assertTrue(rows.get(0).equals("node,seq,time,actor,action,subject,detail,outcome,origin,correlation,"
                + "attributes,problem"), csv::body);
        assertEquals(4, rows.size(), csv::body);
        for (int i = 1; i < 4; i++) {
            assertTrue(rows.get(i).startsWith("\"" + node + "\"," + seqs.get(3 - i) + ","), rows.get(i));
        }

        String query = "admin/export?format=ndjson&scope=cluster&actor=" + enc(actor);
        assertEquals(3, admin.get(query + "&node=" + node).body().lines().count(), "one node: this one's");
        assertEquals("", ok(admin.get(query + "&node=other-node")), "one node: another's, none here");
        HttpResponse<String> noScope = admin.get("admin/export?format=ndjson&node=" + node);
        assertEquals(400, noScope.statusCode(), noScope::body);
        assertTrue(noScope.body().contains("node: only with scope=cluster"), noScope::body);
        assertEquals(400, admin.get("admin/export?scope=everything").statusCode());
        assertFalse(Http.json(admin.get("admin/export?format=ndjson&actor=" + enc(actor)).body().lines().findFirst()
                .orElseThrow()).containsKey("node"), "this node's export is as before: no node field");
    }

    @Test
    void theHealthPageNamesTheNodeAndItsIndex() {
        String html = ok(admin().get("admin/health.xhtml"));
        assertTrue(html.contains("id=\"healthNode\"><bdi>" + node + "</bdi>"), html);
        assertTrue(html.contains("id=\"healthIndex\"") && html.contains("embedded (H2)"), html);
    }

    private List<Long> newestFirst() {
        return List.of(seqs.get(2), seqs.get(1), seqs.get(0));
    }

    /** The numbers of the page's rows of {@code node}, in the page's order. */
    private static List<Long> rows(String html, String node) {
        Matcher m = Pattern.compile("<tr data-node=\"" + Pattern.quote(node) + "\" data-seq=\"(\\d+)\"").matcher(html);
        List<Long> out = new ArrayList<>();
        while (m.find()) {
            out.add(Long.parseLong(m.group(1)));
        }
        return out;
    }

    private static Http.Session admin() {
        return new Http.Session().login(Http.ADMIN_USER, Http.ADMIN_PASSWORD);
    }

    private static String ok(HttpResponse<String> r) {
        assertEquals(200, r.statusCode(), r::body);
        return r.body();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
