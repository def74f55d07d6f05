package dev.activitylog.admin.control;

import dev.activitylog.log.entity.Entry;
import dev.activitylog.log.entity.ExportSink;
import dev.activitylog.log.entity.NodeEntry;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.spi.JsonProvider;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URL;
import java.time.Instant;
import java.util.Enumeration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExportFormatTest {
    private static final Instant TIME = Instant.parse("2026-01-02T03:04:05.123456Z");

    @Test
    void aRequestNamesItsFormatInAnyCaseAndGetsNdjsonOtherwise() {
        assertSame(ExportFormat.CSV, ExportFormat.named("csv"));
        assertSame(ExportFormat.CSV, ExportFormat.named("CSV"));
        assertSame(ExportFormat.NDJSON, ExportFormat.named("ndjson"));
        assertSame(ExportFormat.NDJSON, ExportFormat.named(null));
        assertSame(ExportFormat.NDJSON, ExportFormat.named("xlsx"));
        assertEquals("text/csv", ExportFormat.CSV.contentType());
        assertEquals("csv", ExportFormat.CSV.extension());
        assertEquals("application/x-ndjson", ExportFormat.NDJSON.contentType());
        assertEquals("ndjson", ExportFormat.NDJSON.extension());
    }

    @Test
    void everyCsvTextFieldIsQuoted() {
        assertEquals("\"alice\"", ExportFormat.field("alice"));
        assertEquals("\"\"", ExportFormat.field(""));
    }

    @Test
    void aCommaStaysInsideTheQuotes() {
        assertEquals("\"Smith, John\"", ExportFormat.field("Smith, John"));
    }

    @Test
    void aQuoteIsDoubled() {
        assertEquals("\"say \"\"hi\"\"\"", ExportFormat.field("say \"hi\""));
        assertEquals("\"\"\"\"", ExportFormat.field("\""));
    }

    @Test
    void lineBreaksStayInsideTheQuotes() {
        assertEquals("\"line one\nline two\r\nline three\"", ExportFormat.field("line one\nline two\r\nline three"));
    }

    @Test
    void aFieldASpreadsheetWouldEvaluateStartsWithAQuote() {
        assertEquals("\"'=cmd|'/C calc'!A0\"", ExportFormat.field("=cmd|'/C calc'!A0"));
        assertEquals("\"'=HYPERLINK(\"\"http://x\"\")\"", ExportFormat.field("=HYPERLINK(\"http://x\")"));
        assertEquals("\"'+1\"", ExportFormat.field("+1"));
        assertEquals("\"'-2+3\"", ExportFormat.field("-2+3"));
        assertEquals("\"'@SUM(A1)\"", ExportFormat.field("@SUM(A1)"));
        assertEquals("\"'\t=1\"", ExportFormat.field("\t=1"));
        assertEquals("\"'\r=1\"", ExportFormat.field("\r=1"));
    }

    @Test
    void aFormulaSignInsideAFieldIsLeftAlone() {
        assertEquals("\"a=b+c-d@e\"", ExportFormat.field("a=b+c-d@e"));
        assertEquals("\" =1\"", ExportFormat.field(" =1"));
        assertEquals("\"'\"", ExportFormat.field("'"));
    }

    @Test
    void aCsvRecordHasTheHeadersColumnsAndEndsWithCrlf() {
        assertEquals("seq,time,actor,action,subject,detail,outcome,origin,correlation,attributes,problem\r\n",
                ExportFormat.CSV.header());
        Entry e = new Entry(7, TIME, "alice", "order.cancel", "order/1", "asked, by \"phone\"\nthen mail");
        assertEquals("7,2026-01-02T03:04:05.123456Z,\"alice\",\"order.cancel\",\"order/1\","
                + "\"asked, by \"\"phone\"\"\nthen mail\",\"\",\"\",\"\",\"{}\",\r\n", ExportFormat.CSV.line(e),
                "a version 1 entry: outcome unknown, no origin, correlation or attributes");
    }

    @Test
    void bothExportsCarryTheVersion2Fields() {
        Entry e = new Entry(8, TIME, "alice", "order.cancel", "order/1", "", "FAILURE:java.io.IOException",
                "203.0.113.7 node-1", "trace-1", java.util.Map.of("b", "=2", "a", "x,\"y\""));
        assertEquals("8,2026-01-02T03:04:05.123456Z,\"alice\",\"order.cancel\",\"order/1\",\"\","
                + "\"FAILURE:java.io.IOException\",\"203.0.113.7 node-1\",\"trace-1\","
                + "\"{\"\"a\"\":\"\"x,\\\"\"y\\\"\"\"\",\"\"b\"\":\"\"=2\"\"}\",\r\n", ExportFormat.CSV.line(e));
        JsonObject o = json(ExportFormat.NDJSON.line(e));
        assertEquals("FAILURE:java.io.IOException", o.getString("outcome"));
        assertEquals("203.0.113.7 node-1", o.getString("origin"));
        assertEquals("trace-1", o.getString("correlation"));
        assertEquals("x,\"y\"", o.getJsonObject("attributes").getString("a"));
        assertEquals("=2", o.getJsonObject("attributes").getString("b"), "kept as stored, as every NDJSON value");
        assertFalse(json(ExportFormat.NDJSON.line(new Entry(1, TIME, "a", "b", "", ""))).containsKey("outcome"),
                "a version 1 entry's outcome is unknown: absent");
    }

    @Test
    void aCorruptEntryIsARecordWithOnlyItsNumberAndTheProblem() {
        assertEquals("12,,,,,,,,,,corrupt: fails its checksum\r\n", ExportFormat.CSV.corrupt(12));
    }

    @Test
    void anIncompleteCsvEndsWithOneCommentLine() {
        assertEquals("# export incomplete: disk gone away\r\n", ExportFormat.CSV.incomplete("export incomplete: disk\ngone away"));
    }

    @Test
    void anNdjsonLineIsOneJsonObjectWhateverTheDetailHolds() {
        assertEquals("", ExportFormat.NDJSON.header());
        Entry e = new Entry(7, TIME, "alice", "order.cancel", "", "two\nlines, \"quoted\" </script>");
        String line = ExportFormat.NDJSON.line(e);
        assertTrue(line.endsWith("\n"), line);
        assertFalse(line.substring(0, line.length() - 1).contains("\n"), "one line: " + line);
        JsonObject o = json(line);
        assertEquals(7, o.getJsonNumber("seq").longValue());
        assertEquals("2026-01-02T03:04:05.123456Z", o.getString("time"));
        assertEquals("alice", o.getString("actor"));
        assertEquals("order.cancel", o.getString("action"));
        assertEquals("", o.getString("subject"));
        assertEquals("two\nlines, \"quoted\" </script>", o.getString("detail"));
    }

    @Test
    void ndjsonFlagsCorruptEntriesAndAnIncompleteExport() {
        JsonObject corrupt = json(ExportFormat.NDJSON.corrupt(12));
        assertEquals(12, corrupt.getJsonNumber("seq").longValue());
        assertTrue(corrupt.getBoolean("corrupt"));
        assertEquals("export incomplete: disk\ngone", json(ExportFormat.NDJSON.incomplete("export incomplete: disk\ngone"))
                .getString("error"));
    }

    @Test
    void aMergedRecordIsTheSingleNodeRecordWithItsNodeFirst() {
        Entry e = new Entry(7, TIME, "alice", "order.cancel", "order/1", "asked, by \"phone\"");
        NodeEntry n = new NodeEntry("node-a", e);
        assertEquals("node," + ExportFormat.CSV.header(), ExportFormat.CSV.nodeHeader());
        assertEquals("\"node-a\"," + ExportFormat.CSV.line(e), ExportFormat.CSV.line(n));
        assertEquals("\"node-a\",7,,,,,,,,,,corrupt: fails its checksum\r\n",
                ExportFormat.CSV.corrupt(new NodeSeq("node-a", 7)));
        assertEquals("\"'-x\",", ExportFormat.CSV.line(new NodeEntry("-x", e)).substring(0, 6),
                "the node column is neutralised as every text field");

        assertEquals("", ExportFormat.NDJSON.nodeHeader());
        String line = ExportFormat.NDJSON.line(n);
        assertTrue(line.startsWith("{\"node\":\"node-a\",\"seq\":7,") && line.endsWith("}\n"), line);
        JsonObject o = json(line);
        assertEquals("node-a", o.getString("node"));
        assertEquals(json(ExportFormat.NDJSON.line(e)), Json.createObjectBuilder(o).remove("node").build(),
                "every other field as in the single-node export");
        assertEquals("{\"node\":\"node-a\",\"seq\":7,\"corrupt\":true}\n",
                ExportFormat.NDJSON.corrupt(new NodeSeq("node-a", 7)));
        assertEquals("{\"seq\":7,\"corrupt\":true}\n", ExportFormat.NDJSON.corrupt(7), "the single-node one as before");
    }

    @Test
    void ndjsonKeepsAFormulaAsStored() {
        Entry e = new Entry(7, TIME, "=alice", "+order", "-1", "@cmd");
        JsonObject o = json(ExportFormat.NDJSON.line(e));
        assertEquals("=alice", o.getString("actor"));
        assertEquals("+order", o.getString("action"));
        assertEquals("-1", o.getString("subject"));
        assertEquals("@cmd", o.getString("detail"));
    }

    @Test
    void ndjsonLinesDoNotLookTheJsonProviderUpPerEntry() {
        // Json.createObjectBuilder() runs a ServiceLoader lookup (through the context class loader) on every call: 7
        // of 10 thread-dump samples of a slow NDJSON export were in it.
        Entry e = new Entry(7, TIME, "alice", "order.cancel", "order/1", "detail");
        CountingLoader loader = new CountingLoader(Thread.currentThread().getContextClassLoader());
        ClassLoader before = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(loader);
        try {
            for (int i = 0; i < 1_000; i++) {
                ExportFormat.NDJSON.line(e);
            }
            ExportFormat.NDJSON.corrupt(8);
        } finally {
            Thread.currentThread().setContextClassLoader(before);
        }
        assertTrue(loader.lookups <= 1, "JSON provider lookups for 1,000 lines: " + loader.lookups);
    }

    /** Counts the ServiceLoader's look-ups of a JSON-P provider. */
    private static final class CountingLoader extends ClassLoader {
        int lookups;

        CountingLoader(ClassLoader parent) {
            super(parent);
        }

        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            if (name.equals("META-INF/services/" + JsonProvider.class.getName())) {
                lookups++;
            }
            return super.getResources(name);
        }
    }

    private static JsonObject json(String line) {
        try (JsonReader r = Json.createReader(new StringReader(line))) {
            return r.readObject();
        }
    }

    @Test
    void aSinkWritesTheFormatsLinesAndAFailedWriteStopsTheExport() {
        StringWriter out = new StringWriter();
        Entry e = new Entry(7, TIME, "alice", "order.cancel", "order/1", "plain");
        ExportSink sink = ExportFormat.CSV.to(out);
        sink.entry(e);
        sink.unreadable(8);
        assertEquals(ExportFormat.CSV.line(e) + ExportFormat.CSV.corrupt(8), out.toString());

        IOException gone = new IOException("Broken pipe");
        Writer broken = new Writer() {
            @Override
            public void write(char[] buf, int off, int len) throws IOException {
                throw gone;
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        assertSame(gone, assertThrows(UncheckedIOException.class,
                () -> ExportFormat.NDJSON.to(broken).entry(e)).getCause());
    }
}
