package dev.activitylog.log.control;

import dev.activitylog.log.entity.Entry;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Entry lines of docs/file-format.md: one UTF-8 line per entry, TAB-separated fields, a SHA-256 chain hash and a
 * CRC32C. With {@link HeaderLine} and {@link CheckpointLine} (the other two kinds of line) and {@link Fields} (the
 * rules they share) these are the only places that know the byte layout; {@link LogReader} is the only reader.
 */
public final class LineCodec {
    public static final int HASH_BYTES = 32;
    private static final int HASH_HEX = 2 * HASH_BYTES;
    /** Fields before the CRC: seq, time, actor, action, subject, detail, hash. */
    private static final int PAYLOAD_FIELDS = 7;
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(LineCodec::newSha256);

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

    public static Encoded encodeEntry(long seq, Instant time, String actor, String action, String subject,
                                      String detail, byte[] previousHash) {
        StringBuilder sb = new StringBuilder(64 + actor.length() + action.length() + subject.length() + detail.length());
        sb.append(seq).append('\t');
        Fields.appendTime(time, sb).append('\t');
        Escaping.escape(actor, sb).append('\t');
        Escaping.escape(action, sb).append('\t');
        Escaping.escape(subject, sb).append('\t');
        Escaping.escape(detail, sb);
        byte[] body = sb.toString().getBytes(StandardCharsets.UTF_8);
        byte[] hash = chain(previousHash, body, 0, body.length);
        byte[] payload = new byte[body.length + 1 + HASH_HEX];
        System.arraycopy(body, 0, payload, 0, body.length);
        payload[body.length] = Fields.TAB;
        Fields.hex(hash, payload, body.length + 1);
        return new Encoded(Fields.withCrc(payload), hash);
    }

    /**
     * Decodes and verifies one entry line; {@code len} excludes the line feed. The chain hash is parsed, not
     * recomputed: checking the chain needs the previous entry, which is the verifier's job.
     */
    public static Decoded decodeEntry(byte[] b, int off, int len) throws FormatException {
        int payloadLen = Fields.checkCrc(b, off, len);
        int[] tabs = new int[PAYLOAD_FIELDS - 1];
        int n = 0;
        for (int i = off; i < off + payloadLen; i++) {
            if (b[i] == Fields.TAB) {
                if (n == tabs.length) {
                    throw new FormatException("too many fields");
                }
                tabs[n++] = i;
            }
        }
        if (n != tabs.length) {
            throw new FormatException("expected " + (PAYLOAD_FIELDS + 1) + " fields, found " + (n + 2));
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
        byte[] hash = Fields.parseHex(ascii(b, tabs[5] + 1, off + payloadLen), HASH_BYTES, "hash");
        return new Decoded(new Entry(seq, time, actor, action, subject, detail), hash, tabs[5] - off);
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
