package dev.activitylog.admin.boundary;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ConsoleUrlsTest {
    private final ConsoleUrls urls = new ConsoleUrls("/activity-log");

    @Test
    void theListWithoutParametersIsTheConsolesRoot() {
        assertEquals("/activity-log/admin/", urls.list(Map.of()));
    }

    @Test
    void parametersKeepTheirOrderAndAreUrlEncoded() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("actor", "alice & bob");
        p.put("q", "\"><script>x</script>");
        p.put("from", "2026-01-31 12:00+01:00");
        p.put("before", "42");
        assertEquals("/activity-log/admin/?actor=alice+%26+bob&q=%22%3E%3Cscript%3Ex%3C%2Fscript%3E"
                + "&from=2026-01-31+12%3A00%2B01%3A00&before=42", urls.list(p));
    }

    @Test
    void nonAsciiValuesAreEncodedAsUtf8() {
        assertEquals("/activity-log/admin/?actor=j%C3%BCrgen", urls.list(Map.of("actor", "jürgen")));
    }

    @Test
    void anEntryAndItsJson() {
        assertEquals("/activity-log/admin/entry.xhtml?seq=17", urls.entry(17));
        assertEquals("/activity-log/api/entries/17", urls.apiEntry(17));
    }

    @Test
    void theExportNamesItsFormatFirstThenTheFilter() {
        Map<String, String> filter = new LinkedHashMap<>();
        filter.put("actor", "alice");
        filter.put("q", "a,b");
        assertEquals("/activity-log/admin/export?format=csv&actor=alice&q=a%2Cb", urls.export("csv", filter));
        assertEquals("/activity-log/admin/export?format=ndjson", urls.export("ndjson", Map.of()));
    }

    @Test
    void theMergedViewItsExportAndAnotherNodesEntry() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("actor", "alice");
        p.put("node", "node-a");
        assertEquals("/activity-log/admin/cluster.xhtml?actor=alice&node=node-a", urls.merged(p));
        assertEquals("/activity-log/admin/cluster.xhtml", urls.merged(Map.of()));
        assertEquals("/activity-log/admin/export?format=csv&scope=cluster&actor=alice&node=node-a",
                urls.mergedExport("csv", p));
        assertEquals("/activity-log/admin/entry.xhtml?seq=17&node=node-a", urls.entry("node-a", 17));
        assertEquals("/activity-log/api/entries/17?node=node-a", urls.apiEntry("node-a", 17));
    }

    @Test
    void theTailTakesTheFilterOnly() {
        assertEquals("/activity-log/admin/tail", urls.tail(Map.of()));
        assertEquals("/activity-log/admin/tail?action=order.cancel", urls.tail(Map.of("action", "order.cancel")));
    }

    @Test
    void anApplicationAtTheServersRootHasAnEmptyContextPath() {
        assertEquals("/admin/entry.xhtml?seq=1", new ConsoleUrls("").entry(1));
    }
}
