package dev.activitylog.log.control;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The one reader of the log format (docs/file-format.md): it frames lines, decodes them with the codecs and tells a
 * {@link Reporter} what each one is. Recovery, verify, rebuild and reads all go through it, so the format's rules
 * are enforced in one place. Like LevelDB's {@code log::Reader} it judges bytes only and goes on after damage: what a
 * sequence number or a hash means in context is the caller's business (recovery resumes, verify reports).
 */
final class LogReader {
    /** A first line longer than this is not a header. */
    static final int HEADER_MAX = 4096;
    /** A line longer than the buffer cannot be valid: it is walked in buffer-sized pieces, not loaded. */
    private static final int BUFFER = 1 << 20;

    /** A whole line (its line feed included) at {@code offset}, held at {@code buf[start .. start+length)}. */
    record Line(long offset, int length, byte[] buf, int start) {
        long end() {
            return offset + length;
        }

        /** Without the line feed. */
        int contentLength() {
            return length - 1;
        }
    }

    /** Unreadable whole lines in a row: which entries they held is known only from what follows them. */
    record Damage(long start, long end, List<Line> lines, String firstError) {
    }

    /** What a walk meets, in file order. */
    interface Reporter {
        void entry(Line line, LineCodec.Decoded entry) throws IOException, SQLException;

        void checkpoint(Line line, CheckpointLine checkpoint) throws IOException, SQLException;

        /** Told before the next readable line, before {@link #torn}, or at the end. Its lines' bytes are gone by then. */
        void damaged(Damage damage) throws IOException, SQLException;

        /** Bytes at the end without a line feed: a torn write, or garbage. */
        void torn(long offset, long length) throws IOException, SQLException;
    }

    /** What the first bytes of a file are. */
    sealed interface HeaderRead {
    }

    record Empty() implements HeaderRead {
    }

    record ValidHeader(HeaderLine header, long end) implements HeaderRead {
    }

    /** No complete first line, short, and a prefix of the magic or zeros: a crash while the file was created. */
    record TornHeader() implements HeaderRead {
    }

    record NotAHeader(String why, boolean unsupportedVersion) implements HeaderRead {
    }

    private LogReader() {
    }

    static HeaderRead header(LogSource channel, long size) throws IOException {
        if (size == 0) {
            return new Empty();
        }
        ByteBuffer head = ByteBuffer.allocate((int) Math.min(size, HEADER_MAX));
        channel.readFully(head, 0);
        byte[] b = head.array();
        int lf = 0;
        while (lf < b.length && b[lf] != '\n') {
            lf++;
        }
        if (lf < b.length) {
            try {
                return new ValidHeader(HeaderLine.decode(b, 0, lf), lf + 1);
            } catch (HeaderLine.UnsupportedVersion e) {
                return new NotAHeader(e.getMessage(), true);
            } catch (FormatException e) {
                return new NotAHeader(e.getMessage(), false);
            }
        }
        if (size < HEADER_MAX && looksLikeTornHeader(b)) {
            return new TornHeader();
        }
        return new NotAHeader("the first line is not an activity-log header", false);
    }

    private static boolean looksLikeTornHeader(byte[] b) {
        String s = new String(b, StandardCharsets.ISO_8859_1);
        boolean zeros = s.chars().allMatch(c -> c == 0);
        return zeros || s.startsWith(HeaderLine.MAGIC) || HeaderLine.MAGIC.startsWith(s);
    }

    /** Walks {@code [start, end)} of a segment of {@code version}, which must begin where a line begins. */
    static void walk(LogSource channel, long start, long end, int version, Reporter reporter)
            throws IOException, SQLException {
        Framer framer = new Framer(channel, start, end);
        List<Line> damaged = new ArrayList<>();
        String firstError = null;
        while (framer.next()) {
            if (!framer.terminated && framer.offset() + framer.length >= end) {
                report(reporter, damaged, firstError);
                reporter.torn(framer.offset(), end - framer.offset());
                return;
            }
            if (!framer.terminated) {
                // A piece of a line longer than the buffer: no valid line is that long.
                if (damaged.isEmpty()) {
                    firstError = "a line longer than " + BUFFER + " bytes";
                }
                damaged.add(new Line(framer.offset(), framer.length, null, 0));
                continue;
            }
            Line line = new Line(framer.offset(), framer.length, framer.buf, framer.lineStart);
            String error;
            boolean checkpoint = CheckpointLine.isCheckpoint(line.buf(), line.start(), line.contentLength());
            try {
                if (checkpoint) {
                    CheckpointLine c = CheckpointLine.decode(line.buf(), line.start(), line.contentLength());
                    report(reporter, damaged, firstError);
                    reporter.checkpoint(line, c);
                } else {
                    LineCodec.Decoded d = LineCodec.decodeEntry(version, line.buf(), line.start(), line.contentLength());
                    report(reporter, damaged, firstError);
                    reporter.entry(line, d);
                }
                firstError = null;
                continue;
            } catch (FormatException e) {
                error = (checkpoint ? "checkpoint: " : "") + e.getMessage();
            }
            if (damaged.isEmpty()) {
                firstError = error;
            }
            // The buffer is reused: a damaged line keeps its place, not its bytes.
            damaged.add(new Line(line.offset(), line.length(), null, 0));
        }
        report(reporter, damaged, firstError);
    }

    private static void report(Reporter reporter, List<Line> damaged, String firstError) throws IOException, SQLException {
        if (!damaged.isEmpty()) {
            Line last = damaged.get(damaged.size() - 1);
            reporter.damaged(new Damage(damaged.get(0).offset(), last.end(), List.copyOf(damaged), firstError));
            damaged.clear();
        }
    }

    /**
     * The entry whose line the index says is at {@code offset}, {@code length} bytes, LF included. With
     * {@code lineStart} the byte before it must be a line feed too (recovery's check of the last row). {@code version}
     * is the segment's.
     */
    static LineCodec.Decoded entryAt(SharedChannel channel, int version, long offset, int length, long seq,
                                     boolean lineStart) throws IOException, FormatException {
        int before = lineStart ? 1 : 0;
        ByteBuffer buf = ByteBuffer.allocate(length + before);
        channel.readFully(buf, offset - before);
        byte[] b = buf.array();
        if (lineStart && b[0] != '\n') {
            throw new FormatException("no line starts at offset " + offset);
        }
        if (length == 0 || b[b.length - 1] != '\n') {
            throw new FormatException("line is not terminated");
        }
        LineCodec.Decoded d = LineCodec.decodeEntry(version, b, before, length - 1);
        if (d.entry().seq() != seq) {
            throw new FormatException("bytes at offset " + offset + " hold entry " + d.entry().seq());
        }
        return d;
    }

    /** Sequential framing through the shared channel with one buffer. */
    private static final class Framer {
        private final LogSource channel;
        private final long end;
        private final byte[] buf = new byte[BUFFER];
        private long bufPos;
        private int filled;
        private int cursor;
        private int lineStart;
        private int length;
        private boolean terminated;

        Framer(LogSource channel, long start, long end) {
            this.channel = channel;
            this.end = end;
            this.bufPos = start;
        }

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

        private boolean line(int n, boolean withNewline) {
            lineStart = cursor;
            length = n;
            terminated = withNewline;
            cursor += n;
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

        long offset() {
            return bufPos + lineStart;
        }
    }
}
