package dev.activitylog.log.control;

import dev.activitylog.log.entity.Entry;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.zip.CRC32C;

/**
 * The line format of docs/file-format.md: one UTF-8 line per entry, TAB-separated fields, a SHA-256 chain hash and a
 * CRC32C. The only place that knows the byte layout.
 */
public final class LineCodec {
    public static final String MAGIC = "#activity-log";
    public static final String VERSION = "v1";
    public static final int HASH_BYTES = 32;
    private static final int HASH_HEX = 2 * HASH_BYTES;
    private static final int CRC_HEX = 8;
    /** Fields before the CRC: seq, time, actor, action, subject, detail, hash. */
    private static final int PAYLOAD_FIELDS = 7;
    private static final byte TAB = '\t';
    private static final byte LF = '\n';
    private static final HexFormat HEX = HexFormat.of();
    private static final DateTimeFormatter SECONDS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    /** The formatted second of the last time formatted: appends within one second reuse it. */
    private record SecondCache(long epochSecond, String text) {
    }

    private static volatile SecondCache lastSecond = new SecondCache(Long.MIN_VALUE, "");
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(LineCodec::newSha256);

    /** The first line of every log file. */
    public record Header(Instant created, byte[] chainSeed) {
    }

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

    public static byte[] encodeHeader(Header header) {
        String payload = MAGIC + '\t' + VERSION + "\tcreated=" + formatTime(header.created())
                + "\tchain-seed=" + HEX.formatHex(header.chainSeed());
        return withCrc(payload.getBytes(StandardCharsets.UTF_8));
    }

    /** Decodes a header line; {@code len} excludes the line feed. */
    public static Header decodeHeader(byte[] b, int off, int len) throws FormatException {
        String[] fields = new String(b, off, checkCrc(b, off, len), StandardCharsets.UTF_8).split("\t", -1);
        if (!MAGIC.equals(fields[0])) {
            throw new FormatException("first line does not start with " + MAGIC);
        }
        if (fields.length < 2 || !VERSION.equals(fields[1])) {
            throw new UnsupportedVersion(fields.length < 2 ? "(none)" : fields[1]);
        }
        Instant created = null;
        byte[] seed = null;
        for (int i = 2; i < fields.length; i++) {
            String f = fields[i];
            if (f.startsWith("created=")) {
                created = parseTime(f.substring("created=".length()));
            } else if (f.startsWith("chain-seed=")) {
                seed = parseHex(f.substring("chain-seed=".length()), HASH_BYTES, "chain-seed");
            }
        }
        if (created == null || seed == null) {
            throw new FormatException("header lacks created= or chain-seed=");
        }
        return new Header(created, seed);
    }

    /**
     * A checkpoint line: the chain head after entry {@code seq}, and (with a key) an HMAC over it.
     *
     * @param mac null when the log runs without a checkpoint key
     */
    public record Checkpoint(long seq, byte[] hash, Instant time, byte[] mac) {
    }

    public static final String CHECKPOINT = "#checkpoint";
    private static final byte[] CHECKPOINT_PREFIX = (CHECKPOINT + "\t").getBytes(StandardCharsets.US_ASCII);

    public static byte[] encodeCheckpoint(Checkpoint c) {
        String payload = CHECKPOINT + "\tseq=" + c.seq() + "\thash=" + HEX.formatHex(c.hash()) + "\ttime="
                + formatTime(c.time()) + "\tmac=" + (c.mac() == null ? "none" : HEX.formatHex(c.mac()));
        return withCrc(payload.getBytes(StandardCharsets.UTF_8));
    }

    /** Whether the line (of any validity) starts like a checkpoint: such lines are not entries. */
    public static boolean isCheckpoint(byte[] b, int off, int len) {
        if (len < CHECKPOINT_PREFIX.length) {
            return false;
        }
        for (int i = 0; i < CHECKPOINT_PREFIX.length; i++) {
            if (b[off + i] != CHECKPOINT_PREFIX[i]) {
                return false;
            }
        }
        return true;
    }

    /** Decodes and checks the CRC of a checkpoint line; {@code len} excludes the line feed. */
    public static Checkpoint decodeCheckpoint(byte[] b, int off, int len) throws FormatException {
        String[] fields = new String(b, off, checkCrc(b, off, len), StandardCharsets.UTF_8).split("\t", -1);
        if (fields.length != 5 || !CHECKPOINT.equals(fields[0]) || !fields[1].startsWith("seq=")
                || !fields[2].startsWith("hash=") || !fields[3].startsWith("time=") || !fields[4].startsWith("mac=")) {
            throw new FormatException("malformed checkpoint");
        }
        long seq;
        try {
            seq = Long.parseLong(fields[1].substring(4));
        } catch (NumberFormatException e) {
            throw new FormatException("malformed checkpoint sequence number");
        }
        String mac = fields[4].substring(4);
        return new Checkpoint(seq, parseHex(fields[2].substring(5), HASH_BYTES, "checkpoint hash"),
                parseTime(fields[3].substring(5)), mac.equals("none") ? null : parseHex(mac, HASH_BYTES, "checkpoint mac"));
    }

    /**
     * HMAC-SHA256 of a checkpoint, bound to this file by its chain seed: the bytes of
     * {@code "activity-log checkpoint v1\n" + seed-hex + "\n" + seq + "\n" + hash-hex + "\n" + time}.
     */
    public static byte[] checkpointMac(byte[] key, byte[] chainSeed, long seq, byte[] hash, Instant time) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
            String text = "activity-log checkpoint v1\n" + HEX.formatHex(chainSeed) + "\n" + seq + "\n"
                    + HEX.formatHex(hash) + "\n" + formatTime(time);
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
        }
    }

    /** Raised for a well-formed header of another version: the file is a log, just not one this code can read. */
    public static final class UnsupportedVersion extends FormatException {
        UnsupportedVersion(String version) {
            super("file format version " + version + " is not supported (this build reads " + VERSION + ")");
        }
    }

    public static Encoded encodeEntry(long seq, Instant time, String actor, String action, String subject,
                                      String detail, byte[] previousHash) {
        StringBuilder sb = new StringBuilder(64 + actor.length() + action.length() + subject.length() + detail.length());
        sb.append(seq).append('\t');
        appendTime(time, sb).append('\t');
        Escaping.escape(actor, sb).append('\t');
        Escaping.escape(action, sb).append('\t');
        Escaping.escape(subject, sb).append('\t');
        Escaping.escape(detail, sb);
        byte[] body = sb.toString().getBytes(StandardCharsets.UTF_8);
        byte[] hash = chain(previousHash, body, 0, body.length);
        byte[] payload = new byte[body.length + 1 + HASH_HEX];
        System.arraycopy(body, 0, payload, 0, body.length);
        payload[body.length] = TAB;
        for (int i = 0; i < hash.length; i++) {
            payload[body.length + 1 + 2 * i] = HEX_DIGITS[(hash[i] >> 4) & 0xF];
            payload[body.length + 2 + 2 * i] = HEX_DIGITS[hash[i] & 0xF];
        }
        return new Encoded(withCrc(payload), hash);
    }

    /**
     * Decodes and verifies one entry line; {@code len} excludes the line feed. The chain hash is parsed, not
     * recomputed: checking the chain needs the previous entry, which is the verifier's job.
     */
    public static Decoded decodeEntry(byte[] b, int off, int len) throws FormatException {
        int payloadLen = checkCrc(b, off, len);
        int[] tabs = new int[PAYLOAD_FIELDS - 1];
        int n = 0;
        for (int i = off; i < off + payloadLen; i++) {
            if (b[i] == TAB) {
                if (n == tabs.length) {
                    throw new FormatException("too many fields");
                }
                tabs[n++] = i;
            }
        }
        if (n != tabs.length) {
            throw new FormatException("expected " + (PAYLOAD_FIELDS + 1) + " fields, found " + (n + 2));
        }
        long seq = parseSeq(b, off, tabs[0]);
        Instant time = parseTime(ascii(b, tabs[0] + 1, tabs[1]));
        String actor = field(b, tabs[1] + 1, tabs[2]);
        String action = field(b, tabs[2] + 1, tabs[3]);
        String subject = field(b, tabs[3] + 1, tabs[4]);
        String detail = field(b, tabs[4] + 1, tabs[5]);
        byte[] hash = parseHex(ascii(b, tabs[5] + 1, off + payloadLen), HASH_BYTES, "hash");
        return new Decoded(new Entry(seq, time, actor, action, subject, detail), hash, tabs[5] - off);
    }

    /** The chain hash of an entry: SHA-256 over the previous hash and the entry's fields (up to the hash field). */
    public static byte[] chain(byte[] previousHash, byte[] body, int off, int len) {
        MessageDigest sha = SHA256.get();
        sha.update(previousHash);
        sha.update(body, off, len);
        return sha.digest();
    }

    public static String formatTime(Instant time) {
        return appendTime(time, new StringBuilder(27)).toString();
    }

    /** {@code uuuu-MM-ddTHH:mm:ss.ffffffZ}; formatting the date once per second is most of an append's saving. */
    private static StringBuilder appendTime(Instant time, StringBuilder sb) {
        SecondCache cache = lastSecond;
        if (cache.epochSecond() != time.getEpochSecond()) {
            cache = new SecondCache(time.getEpochSecond(), SECONDS.format(time));
            lastSecond = cache;
        }
        sb.append(cache.text()).append('.');
        int micros = time.getNano() / 1000;
        for (int div = 100_000; div > 0; div /= 10) {
            sb.append((char) ('0' + micros / div % 10));
        }
        return sb.append('Z');
    }

    /** The log's clock resolution; times are stored and compared at this precision. */
    public static Instant truncate(Instant time) {
        return time.truncatedTo(ChronoUnit.MICROS);
    }

    private static byte[] withCrc(byte[] payload) {
        CRC32C crc = new CRC32C();
        crc.update(payload);
        long value = crc.getValue();
        byte[] line = new byte[payload.length + 1 + CRC_HEX + 1];
        System.arraycopy(payload, 0, line, 0, payload.length);
        line[payload.length] = TAB;
        for (int i = 0; i < CRC_HEX; i++) {
            line[payload.length + 1 + i] = HEX_DIGITS[(int) (value >>> (4 * (CRC_HEX - 1 - i))) & 0xF];
        }
        line[line.length - 1] = LF;
        return line;
    }

    /** Checks the trailing CRC field and returns the payload length (the bytes before its TAB). */
    private static int checkCrc(byte[] b, int off, int len) throws FormatException {
        int payloadLen = len - CRC_HEX - 1;
        if (payloadLen < 1 || b[off + payloadLen] != TAB) {
            throw new FormatException("no checksum field");
        }
        long stored = 0;
        for (int i = off + payloadLen + 1; i < off + len; i++) {
            // Lower case only: a checksum that also accepted 'A' for 'a' would miss a flip of bit 5.
            int d = b[i] >= '0' && b[i] <= '9' ? b[i] - '0' : b[i] >= 'a' && b[i] <= 'f' ? b[i] - 'a' + 10 : -1;
            if (d < 0) {
                throw new FormatException("checksum is not lower-case hexadecimal");
            }
            stored = (stored << 4) | d;
        }
        CRC32C crc = new CRC32C();
        crc.update(b, off, payloadLen);
        if (crc.getValue() != stored) {
            throw new FormatException("checksum mismatch");
        }
        return payloadLen;
    }

    private static long parseSeq(byte[] b, int from, int to) throws FormatException {
        if (to - from < 1 || to - from > 18) {
            throw new FormatException("bad sequence number");
        }
        long v = 0;
        for (int i = from; i < to; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                throw new FormatException("bad sequence number");
            }
            v = v * 10 + d;
        }
        return v;
    }

    private static Instant parseTime(String s) throws FormatException {
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new FormatException("bad time " + s);
        }
    }

    private static byte[] parseHex(String s, int bytes, String what) throws FormatException {
        if (s.length() != 2 * bytes) {
            throw new FormatException("bad " + what);
        }
        try {
            return HEX.parseHex(s);
        } catch (IllegalArgumentException e) {
            throw new FormatException("bad " + what);
        }
    }

    private static String field(byte[] b, int from, int to) throws FormatException {
        return Escaping.unescape(new String(b, from, to - from, StandardCharsets.UTF_8));
    }

    private static String ascii(byte[] b, int from, int to) {
        return new String(b, from, to - from, StandardCharsets.US_ASCII);
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
