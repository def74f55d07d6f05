package dev.activitylog.log.control;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Recovery's check of the index's last row before it resumes after it (docs/recovery.md, rule 4). The row is
 * believed only if its bytes are that entry: a whole line right after a line feed, of the row's length, with a valid
 * CRC and the row's sequence number.
 *
 * @param stale why the row does not describe the file, or null when it does
 * @param entry the row's entry when it does
 */
record LastRow(String stale, LineCodec.Decoded entry) {

    static LastRow check(SharedChannel channel, IndexRow row) throws IOException {
        // One byte before the row too (the header always precedes it): a row must start where a line starts.
        ByteBuffer buf = ByteBuffer.allocate(row.length() + 1);
        channel.readFully(buf, row.offset() - 1);
        byte[] b = buf.array();
        if (b[0] != '\n') {
            return stale("no line starts at the row's offset");
        }
        if (row.length() == 0 || b[b.length - 1] != '\n') {
            return stale("the row's last byte is not a line end");
        }
        try {
            LineCodec.Decoded d = LineCodec.decodeEntry(b, 1, b.length - 2);
            return d.entry().seq() == row.seq() ? new LastRow(null, d) : stale("the bytes there are entry " + d.entry().seq());
        } catch (FormatException e) {
            return stale("the line there is unreadable: " + e.getMessage());
        }
    }

    private static LastRow stale(String why) {
        return new LastRow(why, null);
    }
}
