package dev.activitylog.log.control;

import dev.activitylog.log.entity.Entry;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The log's own records of what retention removed (docs/file-format.md, "Retention"), collected while verify walks
 * the log. Retention removes the oldest segment first and records it before the segment leaves, so the newest record
 * that names entries before the oldest segment left must account for all of them. A record that names entries still
 * present is a removal cut short (the next run finishes it without a second record): it excuses nothing.
 */
final class RemovalRecords {
    private static final Pattern DETAIL =
            Pattern.compile("entries=(\\d+)\\.\\.(\\d+) .*sealed-hash=([0-9a-f]{64})(?: archive=(.*)| .*)?");

    /**
     * One record: the segment file it names, its entries, the chain hash it was sealed with, and its archive (null
     * when it was deleted).
     */
    record Removal(long seq, String segment, long first, long last, byte[] sealedHash, String archive) {
        /** The record an entry is, or null when it is none. */
        static Removal of(Entry e) {
            if (!Retention.ACTOR.equals(e.actor()) || !e.action().startsWith("retention.")) {
                return null;
            }
            Matcher m = DETAIL.matcher(e.detail());
            if (!m.matches()) {
                return null;
            }
            String archive = m.group(4) == null || m.group(4).equals("none") ? null : m.group(4);
            return new Removal(e.seq(), e.subject(), Long.parseLong(m.group(1)), Long.parseLong(m.group(2)),
                    HexFormat.of().parseHex(m.group(3)), archive);
        }

        /** Whether it names this segment, sealed with this checkpoint. */
        boolean names(Segments.Segment s, CheckpointLine seal) {
            return segment.equals(s.path().getFileName().toString()) && first == s.firstSeq() && last == seal.seq()
                    && Arrays.equals(sealedHash, seal.hash());
        }
    }

    private final long firstPresent;
    /** The last entry the newest record before {@link #firstPresent} names as removed, and its sealed hash. */
    private long removedTo;
    private byte[] sealedHash;

    /** @param firstPresent the first entry of the oldest segment left */
    RemovalRecords(long firstPresent) {
        this.firstPresent = firstPresent;
    }

    void entry(Entry e) {
        Removal r = Removal.of(e);
        if (r != null && r.last() < firstPresent && r.last() > removedTo) {
            removedTo = r.last();
            sealedHash = r.sealedHash();
        }
    }

    /**
     * Why entries 1 to {@code firstPresent - 1} are not excused, or null when the newest record before the oldest
     * segment names them removed and its sealed hash is the one that segment continues from.
     */
    String uncovered(byte[] prevHash) {
        if (removedTo < firstPresent - 1) {
            return "entries " + (removedTo + 1) + ".." + (firstPresent - 1) + " are missing before the oldest segment,"
                    + " and no retention record of the log names their removal";
        }
        if (!Arrays.equals(sealedHash, prevHash)) {
            return "the retention record of entries up to " + removedTo + " names a sealed hash that is not the oldest"
                    + " segment's prev-hash";
        }
        return null;
    }
}
