package dev.activitylog.log.control;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Copies this node's lines from its file into a shared index ({@link IndexLines}), in order, after their rows are
 * committed (the rows say where each line is). It runs on the indexer thread after each flush and never on the
 * append path: an index that is down only delays it. It goes on from the last line the index holds, so a restart,
 * a rebuilt index or an outage neither skips a line nor copies one twice. Nothing is copied into the module's own
 * embedded H2, which describes only its own directory.
 */
final class LineShipper {
    private static final Logger LOG = Logger.getLogger(LineShipper.class.getName());
    static final int CHUNK = 1_000;

    private final EntryIndex index;
    private final PendingRows pending;
    private final LogLifecycle life;
    /** The last entry whose line the index holds, or -1 until asked (and after a failure). */
    private long shipped = -1;
    /** The open file {@link #shipped} was learnt under: a reopen's recovery may have cleared the lines. */
    private LogWriter writer;

    LineShipper(EntryIndex index, PendingRows pending, LogLifecycle life) {
        this.index = index;
        this.pending = pending;
        this.life = life;
    }

    synchronized void ship() {
        LogWriter l = life.current();
        if (l == null || !index.storesLines()) {
            return;
        }
        if (l != writer) {
            writer = l;
            shipped = -1;
        }
        try {
            if (shipped < 0) {
                shipped = IndexLines.last(index);
            }
            long upTo = pending.indexedUpTo();
            for (long from = Math.max(shipped + 1, l.channels.oldestFirstSeq()); from <= upTo; from = shipped + 1) {
                long to = Math.min(upTo, from + CHUNK - 1);
                List<Map.Entry<Long, String>> lines = new ArrayList<>();
                for (IndexRow r : index.range(from, to)) {
                    if (!r.corrupt()) {  // a damaged line stays out; the file's own checks report it
                        byte[] b = l.channels.lineAt(r);
                        lines.add(Map.entry(r.seq(), new String(b, 0, b.length - 1, StandardCharsets.UTF_8)));
                    }
                }
                IndexLines.insert(index, lines);
                shipped = to;
            }
        } catch (SQLException | IOException | RuntimeException e) {
            shipped = -1;  // asked again next time: the index decides where to go on
            LOG.log(Level.FINE, "activity log: lines not copied to the index yet", e);
        }
    }
}
