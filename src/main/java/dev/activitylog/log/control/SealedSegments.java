package dev.activitylog.log.control;

import java.io.IOException;
import java.nio.file.Files;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Logger;

/**
 * Indexes the entries of sealed segments that the index lacks (a rebuild, or an index that lost its last commits
 * before a roll), segment by segment, oldest first. Sealed segments are never cut: damage in one is kept and its
 * entries reported corrupt, as anywhere but at the active segment's end.
 */
final class SealedSegments {
    private static final Logger LOG = Logger.getLogger(SealedSegments.class.getName());

    private SealedSegments() {
    }

    /**
     * Walks every sealed segment that holds entries from {@code from} on, through {@code scan}; {@code activeFirst}
     * is where the last sealed segment ends. Their bytes count in the start's progress; a close may stop the start
     * before each segment and after each batch ({@link Startup#checkpoint()}).
     */
    static void index(List<Segments.Segment> sealed, long activeFirst, long from, List<String> actions,
                      RecoveryScan scan, Startup startup) throws IOException, SQLException {
        // Segments are in order: those holding entries from `from` on are the ones from the first that ends after it.
        int start = 0;
        while (start < sealed.size() && end(sealed, start, activeFirst) <= from) {
            start++;
        }
        for (int i = start; i < sealed.size(); i++) {
            startup.addTotal(Files.size(sealed.get(i).path()));
        }
        int walked = 0;
        for (int i = start; i < sealed.size(); i++) {
            Segments.Segment s = sealed.get(i);
            long next = end(sealed, i, activeFirst);
            // A rebuild of a long log takes a while: say how far it is, in the server log and in health.
            String step = "indexing sealed segment " + (i - start + 1) + " of " + (sealed.size() - start) + " ("
                    + s.path().getFileName() + ")";
            LOG.info(() -> "activity log index: " + step);
            scan.begin(step, 0);
            try (SharedChannel c = SharedChannel.openReadOnly(s.path())) {
                long size = c.size();
                if (!(LogReader.header(c, size) instanceof LogReader.ValidHeader v)
                        || v.header().firstSeq() != s.firstSeq()) {
                    actions.add("sealed segment " + s.path().getFileName() + " has no valid header for entry "
                            + s.firstSeq() + ": its entries are not indexed (verify reports them)");
                    startup.reached(size, scan.rowsIndexed);
                    continue;
                }
                HeaderLine h = v.header();
                if (walked > 0 && (h.firstSeq() != scan.expected || !Arrays.equals(h.prevHash(), scan.lastHash))) {
                    actions.add("sealed segment " + s.path().getFileName() + " does not continue the chain of the"
                            + " one before it (verify reports it)");
                }
                scan.expected = h.firstSeq();
                scan.lastHash = h.prevHash();
                scan.indexedBelow = from;
                LogReader.walk(c, v.end(), size, h.version(), scan);
                if (scan.badStart() >= 0 || scan.expected < next) {
                    // Damage or missing entries at a sealed end: kept and reported, never cut.
                    scan.markCorrupt(scan.expected, next, scan.badStart() >= 0 ? scan.badStart() : size, size);
                    scan.expected = next;
                }
                scan.flush();
                startup.reached(size, scan.rowsIndexed);  // the whole file is read, its sealing checkpoint too
                walked++;
            }
        }
        actions.add("indexed " + walked + " sealed segment" + (walked == 1 ? "" : "s") + " from entry " + from);
    }

    /** The first entry after sealed segment {@code i}: the next segment's first. */
    private static long end(List<Segments.Segment> sealed, int i, long activeFirst) {
        return i + 1 < sealed.size() ? sealed.get(i + 1).firstSeq() : activeFirst;
    }
}
