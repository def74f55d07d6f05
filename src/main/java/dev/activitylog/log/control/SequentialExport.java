package dev.activitylog.log.control;

import dev.activitylog.log.entity.Entry;
import dev.activitylog.log.entity.EntryQuery;
import dev.activitylog.log.entity.ExportSink;

import java.io.IOException;
import java.sql.SQLException;
import java.util.List;

/**
 * The log's entries read in file order, segment after segment, through the live log's bounded handles: an export's
 * bulk path (docs/admin-console.md, "Export"), reading each byte once and sequentially, with no index lookup per
 * entry. No lock is held: it covers the log up to its last entry when it started, while appends go on. Each line's
 * checksum is checked as every read checks it; the numbers of entries whose lines are damaged are told as unreadable.
 * The query's filters are applied to each entry as it is read; its paging (before, after, limit) is not used.
 */
final class SequentialExport implements LogReader.Reporter {
    private final EntryQuery query;
    private final ExportSink sink;
    private final long lastSeq;
    private long next;

    private SequentialExport(EntryQuery query, ExportSink sink, long firstSeq, long lastSeq) {
        this.query = query;
        this.sink = sink;
        this.next = firstSeq;
        this.lastSeq = lastSeq;
    }

    /** The export of {@code l}'s segments up to its last entry now. */
    static void run(LogWriter l, EntryQuery query, ExportSink sink) throws IOException, SQLException {
        long lastSeq = l.lastSeq();  // first: the size read after it covers every entry up to it
        long activeSize = l.size();
        SegmentChannels channels = l.channels;
        Segments.Segment active = channels.activeSegment();
        List<Segments.Segment> segments = channels.segments();
        SequentialExport export = new SequentialExport(query, sink, segments.get(0).firstSeq(), lastSeq);
        for (Segments.Segment s : segments) {
            if (export.next > lastSeq) {
                break;
            }
            channels.withSegmentOf(s.firstSeq(), c -> {
                long size = s == active ? activeSize : c.size();
                if (LogReader.header(c, size) instanceof LogReader.ValidHeader h) {
                    LogReader.walk(c, h.end(), size, h.header().version(), export);
                }
                return null;
            });
        }
        export.missingUpTo(lastSeq + 1);
    }

    @Override
    public void entry(LogReader.Line line, LineCodec.Decoded d) {
        Entry e = d.entry();
        if (e.seq() < next || e.seq() > lastSeq) {
            return;  // a duplicate number is verify's to report; past the last entry is after the export started
        }
        missingUpTo(e.seq());
        next = e.seq() + 1;
        if (query.matchesIndexed(e.time(), e.actor(), e.action(), e.outcome(), e.correlation()) && query.matchesText(e)) {
            sink.entry(e);
        }
    }

    /** Entries below {@code seq} not read: their lines were damaged (or lost, which verify tells apart). */
    private void missingUpTo(long seq) {
        for (; next < seq; next++) {
            sink.unreadable(next);
        }
    }

    @Override
    public void checkpoint(LogReader.Line line, CheckpointLine checkpoint) {
    }

    @Override
    public void damaged(LogReader.Damage damage) {
        // Told by the gap in the numbers once the next readable entry (or the end) is reached.
    }

    @Override
    public void torn(long offset, long length) {
        // Not a committed entry: the walk stops at the size read at the start.
    }
}
