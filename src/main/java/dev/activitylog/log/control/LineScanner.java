package dev.activitylog.log.control;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Reads the log sequentially, line by line, between two offsets, through the shared channel. A line longer than the
 * buffer cannot be a valid entry; it is returned in buffer-sized unterminated pieces so garbage is walked, not loaded.
 */
final class LineScanner {
    private static final int BUFFER = 1 << 20;

    private final SharedChannel channel;
    private final long end;
    private final byte[] buf = new byte[BUFFER];
    private long bufPos;
    private int filled;
    private int cursor;
    private int lineStart;
    private int lineLength;
    private boolean terminated;

    LineScanner(SharedChannel channel, long start, long end) {
        this.channel = channel;
        this.end = end;
        this.bufPos = start;
    }

    /** Advances to the next line; false at the end. */
    boolean next() throws IOException {
        while (true) {
            if (bufPos + cursor >= end) {
                return false;
            }
            for (int i = cursor; i < filled; i++) {
                if (buf[i] == '\n') {
                    return line(i + 1 - cursor, true);
                }
            }
            if (bufPos + filled >= end || (cursor == 0 && filled == buf.length)) {
                return line(filled - cursor, false);
            }
            fill();
        }
    }

    private boolean line(int length, boolean withNewline) {
        lineStart = cursor;
        lineLength = length;
        terminated = withNewline;
        cursor += length;
        return true;
    }

    private void fill() throws IOException {
        if (cursor > 0) {
            System.arraycopy(buf, cursor, buf, 0, filled - cursor);
            bufPos += cursor;
            filled -= cursor;
            cursor = 0;
        }
        int want = (int) Math.min(buf.length - filled, end - (bufPos + filled));
        int n = channel.read(ByteBuffer.wrap(buf, filled, want), bufPos + filled);
        if (n < 0) {
            throw new IOException(channel.path() + ": file shrank during the scan at " + (bufPos + filled));
        }
        filled += n;
    }

    /** File offset of the current line. */
    long offset() {
        return bufPos + lineStart;
    }

    /** Length of the current line, its line feed included when it has one. */
    int length() {
        return lineLength;
    }

    boolean terminated() {
        return terminated;
    }

    byte[] buffer() {
        return buf;
    }

    int start() {
        return lineStart;
    }

    /** Length without the line feed. */
    int contentLength() {
        return terminated ? lineLength - 1 : lineLength;
    }
}
