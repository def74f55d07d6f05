package dev.activitylog.log.control;

import dev.activitylog.log.entity.Entry;
import dev.activitylog.log.entity.Limits;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;

/**
 * Entry lines of docs/file-format.md: one UTF-8 line per entry, TAB-separated fields, a SHA-256 chain hash and a
 * CRC32C; version 1 lines of six fields before the hash, version 2 lines of ten ({@link AttributesField}). The
 * version is the segment's, from its header: a line never says it itself. With {@link HeaderLine} and {@link CheckpointLine} (the other two kinds of line) and {@link Fields} (the
 * rules they share) these are the only places that know the byte layout; {@link LogReader} is the only reader.
 */
public final class LineCodec {
    public static final int HASH_BYTES = 32;
    /** The version this build writes. */
    public static final int CURRENT = 2;
    private static final Pattern OUTCOME = Pattern.compile(Limits.OUTCOME_PATTERN);
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(LineCodec::newSha256);
    /**
     * Each thread's buffer for the line it builds, kept between appends up to this size (most lines are far smaller).
     * A byte array, not a class of this application: a container's pooled thread keeps it after an undeploy.
     */
    private static final int KEEP_BYTES = 16 * 1024;
    private static final ThreadLocal<byte[]> LINE = ThreadLocal.withInitial(() -> new byte[1024]);

    /** An encoded entry: its complete line (LF included) and its chain hash, which the next entry chains from. */
    public record Encoded(byte[] line, byte[] hash) {
    }

    /**
     * A decoded, checksum-verified entry line.
     *
     * @param bodyLength bytes of the line the chain hash covers (everything before the TAB that precedes the hash)
     */
    public record Decoded(Entry entry, byte[] hash, int bodyLength) {
    }

    private LineCodec() {
    }

    /**
     * Encodes {@code e} (its seq and time as given) as a line of {@code version}, chained from {@code previousHash}.
     * A version 1 line holds the first six fields only (fixtures of older logs); version 2 needs an outcome.
     */
    public static Encoded encodeEntry(int version, Entry e, byte[] previousHash) {
        LineBytes b = new LineBytes(LINE.get());
        b.number(e.seq()).put(Fields.TAB);
        Fields.appendTime(e.time(), b).put(Fields.TAB);
        Escaping.escape(e.actor(), b).put(Fields.TAB);
        Escaping.escape(e.action(), b).put(Fields.TAB);
        Escaping.escape(e.subject(), b).put(Fields.TAB);
        Escaping.escape(e.detail(), b);
        if (version >= 2) {
            if (e.outcome() == null) {
                throw new IllegalArgumentException("a version 2 entry needs an outcome");
            }
            b.put(Fields.TAB);
            Escaping.escape(e.outcome(), b).put(Fields.TAB);  // as it is: the outcome rule allows nothing to escape
            Escaping.escape(e.origin(), b).put(Fields.TAB);
            Escaping.escape(e.correlation(), b).put(Fields.TAB);
            AttributesField.append(e.attributes(), b);
        }
        byte[] hash = chain(previousHash, b.array(), 0, b.length());
        b.put(Fields.TAB).hex(hash);
        byte[] line = Fields.appendCrc(b).toArray();
        if (b.array().length <= KEEP_BYTES) {
            LINE.set(b.array());  // the buffer as grown for this line, for the next one
        }
        return new Encoded(line, hash);
    }

    /**
     * Decodes and verifies one entry line of a segment of {@code version}; {@code len} excludes the line feed. The
     * chain hash is parsed, not recomputed: checking the chain needs the previous entry, which is the verifier's job.
     */
    public static Decoded decodeEntry(int version, byte[] b, int off, int len) throws FormatException {
        if (version < 1 || version > CURRENT) {
            throw new FormatException("the segment's header is unreadable or of an unknown version");
        }
        int payloadLen = Fields.checkCrc(b, off, len);
        int[] tabs = new int[version >= 2 ? 10 : 6];
        int n = 0;
        for (int i = off; i < off + payloadLen; i++) {
            if (b[i] == Fields.TAB) {
                if (n == tabs.length) {
                    throw new FormatException("too many fields for a version " + version + " entry");
                }
                tabs[n++] = i;
            }
        }
        if (n != tabs.length) {
            throw new FormatException("expected " + (tabs.length + 2) + " fields, found " + (n + 2));
        }
        long seq = Fields.parseNumber(b, off, tabs[0], "sequence number");
        if (seq < 1) {
            throw new FormatException("bad sequence number");
        }
        Instant time = Fields.parseTime(ascii(b, tabs[0] + 1, tabs[1]));
        String actor = field(b, tabs[1] + 1, tabs[2]);
        String action = field(b, tabs[2] + 1, tabs[3]);
        String subject = field(b, tabs[3] + 1, tabs[4]);
        String detail = field(b, tabs[4] + 1, tabs[5]);
        int last = tabs[tabs.length - 1];
        byte[] hash = Fields.parseHex(ascii(b, last + 1, off + payloadLen), HASH_BYTES, "hash");
        Entry entry = version >= 2
                ? new Entry(seq, time, actor, action, subject, detail, outcome(ascii(b, tabs[5] + 1, tabs[6])),
                        field(b, tabs[6] + 1, tabs[7]), field(b, tabs[7] + 1, tabs[8]),
                        AttributesField.parse(new String(b, tabs[8] + 1, tabs[9] - tabs[8] - 1, StandardCharsets.UTF_8)))
                : new Entry(seq, time, actor, action, subject, detail);
        return new Decoded(entry, hash, last - off);
    }

    private static String outcome(String s) throws FormatException {
        if (s.length() > Limits.OUTCOME || !OUTCOME.matcher(s).matches()) {
            throw new FormatException("bad outcome");
        }
        return s;
    }

    /** The chain hash of an entry: SHA-256 over the previous hash and the entry's fields (up to the hash field). */
    public static byte[] chain(byte[] previousHash, byte[] body, int off, int len) {
        MessageDigest sha = SHA256.get();
        sha.update(previousHash);
        sha.update(body, off, len);
        return sha.digest();
    }

    /** The log's clock resolution; times are stored and compared at this precision. */
    public static Instant truncate(Instant time) {
        return time.truncatedTo(ChronoUnit.MICROS);
    }

    private static String field(byte[] b, int from, int to) throws FormatException {
        return Escaping.unescape(new String(b, from, to - from, StandardCharsets.UTF_8));
    }

    private static String ascii(byte[] b, int from, int to) {
        return new String(b, from, to - from, StandardCharsets.US_ASCII);
    }

    static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
