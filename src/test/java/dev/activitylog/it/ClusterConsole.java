package dev.activitylog.it;

import jakarta.json.JsonObject;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The admin console on one node of {@link ClusterIT}'s cluster, signed in through that node's FORM login: its merged
 * page shows both nodes' entries, the other node's entry page shows that entry (read from the shared index, checked)
 * and names its node, and the merged export holds every entry of both nodes, or of one with {@code node}.
 */
final class ClusterConsole {
    private static final Pattern ROW = Pattern.compile("<tr data-node=\"([^\"]+)\" data-seq=\"(\\d+)\"");

    private ClusterConsole() {
    }

    /** @param last each node's newest entry: its log holds 1..last, every line copied to the index */
    static void check(ClusterNode reader, ClusterNode other, Map<String, Long> last) {
        Http.Session console = new Http.Session(reader.base()).login(Http.ADMIN_USER, Http.ADMIN_PASSWORD);

        // Pages of 20: both nodes' last entries (appended after all the others) are on the first.
        String page = ok(console.get("admin/cluster.xhtml?limit=20"));
        assertTrue(page.contains("from the index the nodes share"), "the page says the view is the cluster's");
        assertEquals(new TreeSet<>(List.of(reader.id(), other.id())), new TreeSet<>(rowNodes(page)),
                "the newest page of the merged view has both nodes' entries");
        Map<String, List<Long>> paged = new TreeMap<>();
        int pages = 1;
        for (String p = page; ; p = ok(console.get(ConsoleLinks.href(p, "next"))), pages++) {
            Matcher m = ROW.matcher(p);
            while (m.find()) {
                paged.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(Long.parseLong(m.group(2)));
            }
            if (!p.contains("<a id=\"next\"")) {
                break;
            }
        }
        paged.values().forEach(Collections::sort);
        assertEquals(everyEntry(reader, other, last), paged, "Older › page by page: every entry of both nodes, once");
        assertTrue(pages > 1, "the trail took " + pages + " page(s) of 20");
        assertEquals(List.of(other.id()), rowNodes(ok(console.get("admin/cluster.xhtml?limit=200&node=" + other.id())))
                .stream().distinct().toList(), "the node filter keeps one node's entries");

        Map.Entry<Long, String> acked = other.acked().entrySet().iterator().next();
        String entry = ok(console.get("admin/entry.xhtml?seq=" + acked.getKey() + "&node=" + other.id()));
        assertTrue(entry.contains("id=\"e-node\"><bdi>" + other.id() + "</bdi>"), entry);
        assertTrue(entry.contains("another node: read from the shared index, checked"), entry);
        assertTrue(entry.contains("id=\"e-subject\"><bdi>" + acked.getValue() + "</bdi>"),
                () -> "the entry " + other.id() + " acknowledged as " + acked + ": " + entry);

        String all = "admin/export?format=ndjson&scope=cluster";
        assertEquals(everyEntry(reader, other, last), exported(console, all),
                "the merged export of every node: each node's entries 1..n");
        assertEquals(Map.of(other.id(), oneTo(last.get(other.id()))), exported(console, all + "&node=" + other.id()),
                "the merged export of one node: its entries only");
        List<String> csv = ok(console.get("admin/export?format=csv&scope=cluster")).lines().toList();
        assertTrue(csv.get(0).startsWith("node,seq,time,"), csv.get(0));
        assertEquals(1 + last.get(reader.id()) + last.get(other.id()), csv.size(), "a header and a row per entry");
    }

    /** Each node's numbers in an NDJSON export, sorted; every line an entry, none flagged, newest first. */
    private static Map<String, List<Long>> exported(Http.Session console, String path) {
        Map<String, List<Long>> out = new TreeMap<>();
        Instant previous = null;
        for (String line : ok(console.get(path)).lines().toList()) {
            JsonObject o = Http.json(line);
            assertFalse(o.containsKey("corrupt") || o.containsKey("error"), line);
            Instant time = Instant.parse(o.getString("time"));
            assertTrue(previous == null || !time.isAfter(previous), "newest first: " + time + " after " + previous);
            previous = time;
            out.computeIfAbsent(o.getString("node"), k -> new ArrayList<>()).add(o.getJsonNumber("seq").longValue());
        }
        out.values().forEach(Collections::sort);
        return out;
    }

    private static Map<String, List<Long>> everyEntry(ClusterNode reader, ClusterNode other, Map<String, Long> last) {
        return Map.of(reader.id(), oneTo(last.get(reader.id())), other.id(), oneTo(last.get(other.id())));
    }

    private static List<String> rowNodes(String html) {
        List<String> nodes = new ArrayList<>();
        Matcher m = ROW.matcher(html);
        while (m.find()) {
            nodes.add(m.group(1));
        }
        return nodes;
    }

    private static List<Long> oneTo(long n) {
        return LongStream.rangeClosed(1, n).boxed().toList();
    }

    private static String ok(HttpResponse<String> r) {
        assertEquals(200, r.statusCode(), () -> r.uri() + ": " + r.body());
        return r.body();
    }
}
