package dev.activitylog.log.control;

import dev.activitylog.log.entity.Entry;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The log's own records of what retention removed (docs/file-format.md, "Retention"), collected while verify walks
 * the log. Retention removes the oldest segment first and records it after the removal, so the newest record always
 * outlives the segments before it: it alone must account for every entry before the oldest segment left.
 */
final class RemovalRecords {
    private static final Pattern DETAIL = Pattern.compile("entries=(\\d+)\\.\\.(\\d+) .*sealed-hash=([0-9a-f]{64})( .*)?");

    /** The last entry the newest record names as removed, and the chain hash it was sealed with. */
    private long removedTo;
    private byte[] sealedHash;

    void entry(Entry e) {
        if (!Retention.ACTOR.equals(e.actor()) || !e.action().startsWith("retention.")) {
            return;
        }
        Matcher m = DETAIL.matcher(e.detail());
        if (m.matches() && Long.parseLong(m.group(2)) > removedTo) {
            removedTo = Long.parseLong(m.group(2));
            sealedHash = HexFormat.of().parseHex(m.group(3));
        }
    }

    /**
     * Why entries 1 to {@code firstPresent - 1} are not excused, or null when the newest record names them removed
     * and its sealed hash is the one the oldest segment left continues from.
     */
    String uncovered(long firstPresent, byte[] prevHash) {
        if (removedTo < firstPresent - 1) {
            return "entries " + (removedTo + 1) + ".." + (firstPresent - 1) + " are missing before the oldest segment,"
                    + " and no retention record of the log names their removal";
        }
        if (removedTo > firstPresent - 1 || !Arrays.equals(sealedHash, prevHash)) {
            return "the newest retention record does not end where the oldest segment begins (entry " + removedTo
                    + ", or its sealed hash is not the oldest segment's prev-hash)";
        }
        return null;
    }
}
