package dev.activitylog.log.control;

import dev.activitylog.log.entity.SegmentInfo;

import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The last check of each segment: by verify, or by retention reading an archive back. Kept in the index's
 * {@code index_meta} ({@code verified.<first seq>} = {@code <time> <last entry checked> <problems>}) so that a restart
 * does not forget it; sealed segments never change, so their check stays true, and the active one's says up to which
 * entry. A derived record like the rest of the index: a rebuild forgets it, and the next verify writes it again.
 */
final class SegmentChecks {
    private static final Logger LOG = Logger.getLogger(SegmentChecks.class.getName());
    private static final String PREFIX = "verified.";

    private final EntryIndex index;
    private final Map<Long, SegmentInfo.Verified> checks = new HashMap<>();
    /** Whether the stored checks were read: on first use, not at open (only the health page and the API ask). */
    private boolean loaded;

    SegmentChecks(EntryIndex index) {
        this.index = index;
    }

    synchronized void record(long firstSeq, Instant at, long upToSeq, int problems) {
        load();
        SegmentInfo.Verified v = new SegmentInfo.Verified(at, upToSeq, problems);
        checks.put(firstSeq, v);
        try {
            index.putMeta(PREFIX + firstSeq, at + " " + upToSeq + " " + problems);
        } catch (SQLException e) {
            // Kept in memory; the record is not the check: a failing index is reported by health already.
            LOG.fine(() -> "the check of the segment from entry " + firstSeq + " was not stored in the index: " + e);
        }
    }

    /** The last check of the segment whose first entry this is, or null: never checked (or not since a rebuild). */
    synchronized SegmentInfo.Verified of(long firstSeq) {
        load();
        return checks.get(firstSeq);
    }

    private void load() {
        if (loaded) {
            return;
        }
        try {
            for (Map.Entry<String, String> e : index.metaStartingWith(PREFIX).entrySet()) {
                String[] v = e.getValue().split(" ");
                // A check made since the start is newer than the stored one.
                checks.putIfAbsent(Long.parseLong(e.getKey().substring(PREFIX.length())),
                        new SegmentInfo.Verified(Instant.parse(v[0]), Long.parseLong(v[1]), Integer.parseInt(v[2])));
            }
            loaded = true;
        } catch (SQLException | RuntimeException e) {
            // Shown as never checked meanwhile; read again on the next look.
            LOG.fine(() -> "the segments' last checks could not be read from the index: " + e);
        }
    }
}
