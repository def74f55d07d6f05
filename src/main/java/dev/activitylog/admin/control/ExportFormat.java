package dev.activitylog.admin.control;

import dev.activitylog.log.entity.Entry;
import dev.activitylog.log.entity.ExportSink;
import dev.activitylog.log.entity.NodeEntry;
import jakarta.json.JsonObjectBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * How the export writes entries: NDJSON (one JSON object per line) or CSV (RFC 4180: header
 * {@code seq,time,actor,action,subject,detail,outcome,origin,correlation,attributes,problem}, every text field quoted,
 * CRLF line ends; the outcome empty when unknown, the attributes a JSON object). NDJSON holds the
 * values exactly as stored; CSV too, except that a field a spreadsheet would take for a formula starts with a
 * {@code '} ({@link #field}).
 * <p>
 * The merged export of a cluster's nodes ({@link MergedExport}) writes the same records with the node first: an NDJSON
 * {@code node} field, a CSV {@code node} column.
 */
public enum ExportFormat {
    NDJSON("application/x-ndjson", "ndjson") {
        @Override
        public String header() {
            return "";
        }

        @Override
        public String line(Entry e) {
            return EntryJson.exact(e) + "\n";
        }

        @Override
        public String corrupt(long seq) {
            return corrupt(EntryJson.BUILDERS.createObjectBuilder(), seq);
        }

        @Override
        public String nodeHeader() {
            return "";
        }

        @Override
        public String line(NodeEntry e) {
            return EntryJson.exact(e.node(), e.entry()) + "\n";
        }

        @Override
        public String corrupt(NodeSeq unreadable) {
            return corrupt(EntryJson.BUILDERS.createObjectBuilder().add("node", unreadable.node()), unreadable.seq());
        }

        private String corrupt(JsonObjectBuilder start, long seq) {
            return start.add("seq", seq).add("corrupt", true).build() + "\n";
        }

        @Override
        public String incomplete(String why) {
            return EntryJson.BUILDERS.createObjectBuilder().add("error", why).build() + "\n";
        }
    },
    CSV("text/csv", "csv") {
        @Override
        public String header() {
            return "seq,time,actor,action,subject,detail,outcome,origin,correlation,attributes,problem\r\n";
        }

        @Override
        public String line(Entry e) {
            return e.seq() + "," + e.time() + "," + field(e.actor()) + "," + field(e.action()) + ","
                    + field(e.subject()) + "," + field(e.detail()) + "," + field(e.outcome() == null ? "" : e.outcome())
                    + "," + field(e.origin()) + "," + field(e.correlation()) + ","
                    + field(EntryJson.attributes(e).toString()) + ",\r\n";
        }

        @Override
        public String corrupt(long seq) {
            return seq + ",,,,,,,,,,corrupt: fails its checksum\r\n";
        }

        @Override
        public String nodeHeader() {
            return "node," + header();
        }

        @Override
        public String line(NodeEntry e) {
            return field(e.node()) + "," + line(e.entry());
        }

        @Override
        public String corrupt(NodeSeq unreadable) {
            return field(unreadable.node()) + "," + corrupt(unreadable.seq());
        }

        /** A comment line, not a record: CSV has no other way to say that the file stops short. */
        @Override
        public String incomplete(String why) {
            return "# " + why.replace('\n', ' ') + "\r\n";
        }
    };

    private static final String FORMULA_START = "=+-@\t\r";

    private final String contentType;
    private final String extension;

    ExportFormat(String contentType, String extension) {
        this.contentType = contentType;
        this.extension = extension;
    }

    /** The format a request names ({@code csv}, in any case), NDJSON otherwise. */
    public static ExportFormat named(String name) {
        return "csv".equalsIgnoreCase(name) ? CSV : NDJSON;
    }

    public String contentType() {
        return contentType;
    }

    /** The downloaded file's extension, without the dot. */
    public String extension() {
        return extension;
    }

    /** What the file starts with, before any entry. */
    public abstract String header();

    /** One entry, with its line end. */
    public abstract String line(Entry e);

    /** A corrupt entry, listed by number and flagged, not skipped. */
    public abstract String corrupt(long seq);

    /** What a merged export of a cluster's nodes starts with: a CSV header with a {@code node} column first. */
    public abstract String nodeHeader();

    /** One entry of the merged view, its node first, with its line end. */
    public abstract String line(NodeEntry e);

    /** An entry of the merged view whose line fails its checks, listed by node and number, flagged. */
    public abstract String corrupt(NodeSeq unreadable);

    /** The last line of an export the log failed in the middle of. */
    public abstract String incomplete(String why);

    /**
     * Where an export's entries and unreadable numbers go: their lines in this format, written to {@code out}. A
     * failed write is an {@link UncheckedIOException} (the client went away), which stops the export.
     */
    public ExportSink to(Writer out) {
        return new ExportSink() {
            @Override
            public void entry(Entry e) {
                write(line(e));
            }

            @Override
            public void unreadable(long seq) {
                write(corrupt(seq));
            }

            private void write(String text) {
                try {
                    out.write(text);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }

    /**
     * RFC 4180: the value quoted, quotes doubled; line breaks and commas stay inside the quotes. A value that a
     * spreadsheet would evaluate as a formula (it starts with {@code = + - @}, TAB or CR; quoting does not stop that)
     * gets a leading {@code '}, as OWASP recommends for CSV injection: the cell then shows the text.
     */
    static String field(String value) {
        String text = !value.isEmpty() && FORMULA_START.indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        return "\"" + text.replace("\"", "\"\"") + "\"";
    }
}
