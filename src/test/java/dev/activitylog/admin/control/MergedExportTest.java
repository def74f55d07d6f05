package dev.activitylog.admin.control;

import dev.activitylog.log.entity.ClusterCursor;
import dev.activitylog.log.entity.ClusterPage;
import dev.activitylog.log.entity.Entry;
import dev.activitylog.log.entity.LogUnavailableException;
import dev.activitylog.log.entity.NodeEntry;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MergedExportTest {
    private static final Instant TIME = Instant.parse("2026-01-02T03:04:05Z");

    @Test
    void walksEveryPageUntilTheOldestEachEntryWithItsNodeAndFlagsTheUnreadable() throws IOException {
        Map<String, ClusterPage> older = Map.of(
                "30:node-b:2", page(List.of(entry("node-a", 2), entry("node-b", 1)), List.of("node-a:1"), null));
        List<ClusterCursor> asked = new ArrayList<>();
        StringWriter out = new StringWriter();
        MergedExport.write(page(List.of(entry("node-b", 3), entry("node-b", 2)), List.of(), "30:node-b:2"),
                cursor -> {
                    asked.add(cursor);
                    return older.get(cursor.toString());
                }, ExportFormat.CSV, out);
        assertEquals(List.of(new ClusterCursor(30, "node-b", 2)), asked, "the next page from the page's cursor, once");
        List<String> lines = out.toString().lines().toList();
        assertEquals(List.of("\"node-b\",3", "\"node-b\",2", "\"node-a\",2", "\"node-b\",1"),
                lines.subList(0, 4).stream().map(l -> l.split(",")[0] + "," + l.split(",")[1]).toList(),
                "newest first, as the view: each page's entries in its order, page after page");
        assertEquals("\"node-a\",1,,,,,,,,,,corrupt: fails its checksum", lines.get(4), "flagged, not skipped");
        assertEquals(5, lines.size(), out::toString);
    }

    @Test
    void anEmptyViewWritesNothingAndAsksForNoOtherPage() throws IOException {
        StringWriter out = new StringWriter();
        MergedExport.write(page(List.of(), List.of(), null), cursor -> {
            throw new AssertionError("no page after the oldest");
        }, ExportFormat.NDJSON, out);
        assertEquals("", out.toString());
    }

    @Test
    void aFailureMidwayLeavesWhatWasWrittenAndPropagates() {
        StringWriter out = new StringWriter();
        assertThrows(LogUnavailableException.class, () -> MergedExport.write(
                page(List.of(entry("node-a", 9)), List.of(), "1:node-a:9"), cursor -> {
                    throw new LogUnavailableException("/log", LogUnavailableException.Reason.INDEX_UNAVAILABLE,
                            "index down", null);
                }, ExportFormat.NDJSON, out));
        assertEquals(1, out.toString().lines().count(), out::toString);
    }

    private static NodeEntry entry(String node, long seq) {
        return new NodeEntry(node, new Entry(seq, TIME, "alice", "order.cancel", node + "/" + seq, "detail"));
    }

    private static ClusterPage page(List<NodeEntry> entries, List<String> corrupt, String nextBefore) {
        return new ClusterPage(entries, corrupt, nextBefore);
    }
}
